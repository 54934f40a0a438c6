import { createHandler as createCallbackWorker } from '../handlers/callbackWorker';
import { QUEUES } from '../lib/config/queues';
import { createSqsClient } from '../lib/queue/sqsClient';
import { startCallbackInbox, type CallbackInbox, type InboxBehaviour } from '../local/callbackInbox';
import { type Poller, type SqsHandler, startPoller } from '../local/poller';
import { scaledRateLimits } from '../local/rateScale';
import type { FaultOptions } from '../local/slack-emulator/faults';
import { startStack } from '../local/stack';
import { withDataDir } from './dataDir';
import type { WorkloadJob } from './workload';

export interface ServiceRunOptions {
  scale: number;
  env?: NodeJS.ProcessEnv;
  faults?: FaultOptions;
  /** Steers the callback receiver; `elapsedMs` is time since the first submit. */
  receiver?: (delivery: { id: string; attempt: number; elapsedMs: number }) => ReturnType<InboxBehaviour>;
  timeoutMs: number;
  /** Runs this job worker (built from the stack's environment) instead of the stack's own. */
  jobWorker?: (env: NodeJS.ProcessEnv) => SqsHandler;
  /** Another client of the Slack app spending part of a method's limit, from a window before the run. */
  background?: { method: string; perMinute: number };
}

export interface ServiceRunResult {
  jobs: number;
  wallSeconds: number;
  rateLimited: number;
  faultsInjected: number;
  acknowledgedOnce: number;
  acknowledgedTwice: number;
  lost: number;
  failed: number;
  deliveries: number;
  createdTwice: number;
  createdMissing: number;
  /** The other client's calls, when there was one: taken by Slack, and refused. */
  background?: { taken: number; refused: number };
}

/** The stack's pollers, with the given job worker in place of its own. */
const startWorkers = (stack: Awaited<ReturnType<typeof startStack>>, jobWorker: SqsHandler): Poller[] => {
  const sqs = createSqsClient({ region: 'us-east-1', sqsEndpoint: stack.sqs.endpoint });
  const arn = (url: string) => `arn:aws:sqs:us-east-1:000000000000:${url.split('/').pop()}`;
  const poll = (name: string, queueUrl: string, handler: SqsHandler, definition: (typeof QUEUES)['jobs']) =>
    startPoller({ sqs, queueUrl, queueArn: arn(queueUrl), functionName: name, handler, batchSize: definition.batchSize, concurrency: definition.maximumConcurrency, timeoutMs: definition.functionTimeoutSeconds * 1000 });
  return [poll('job-worker', stack.sqs.queues.jobs, jobWorker, QUEUES.jobs), poll('callback-worker', stack.sqs.queues.callbacks, createCallbackWorker(stack.env), QUEUES.callbacks)];
};

/** Submits the workload through POST /v1/jobs/batch to a fresh local stack and waits for every callback. */
export const runService = (jobs: WorkloadJob[], options: ServiceRunOptions): Promise<ServiceRunResult> => withDataDir((dataDir) => run(jobs, options, dataDir));

const run = async (jobs: WorkloadJob[], options: ServiceRunOptions, dataDir: string): Promise<ServiceRunResult> => {
  const stack = await startStack({
    dataDir,
    env: { LOG_LEVEL: 'ERROR', SLACK_RATE_LIMITS: scaledRateLimits(options.scale), PACING_WINDOW_MS: String(60_000 / options.scale), ...options.env },
    slackEmulator: { rateLimits: { scale: options.scale }, faults: options.faults },
    workers: options.jobWorker === undefined,
  });
  const pollers = options.jobWorker ? startWorkers(stack, options.jobWorker(stack.env)) : [];
  if (options.background) {
    stack.slack!.background(options.background.method, options.background.perMinute);
    await new Promise((resolve) => setTimeout(resolve, 60_000 / options.scale));
  }
  const inbox: CallbackInbox = await startCallbackInbox({ secrets: String(stack.env.CALLBACK_SIGNING_SECRET).split(',') });
  const key = String(stack.env.API_KEYS).split(',')[0];
  let started = 0;
  if (options.receiver) {
    const receiver = options.receiver;
    inbox.setBehaviour((delivery) => receiver({ ...delivery, elapsedMs: Date.now() - started }));
  }
  try {
    started = Date.now();
    const ids: string[] = [];
    for (let i = 0; i < jobs.length; i += 1000) {
      const response = await fetch(`${stack.apiUrl}/v1/jobs/batch`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ jobs: jobs.slice(i, i + 1000), callback_url: inbox.url }),
      });
      if (response.status !== 202) throw new Error(`batch refused: ${response.status} ${await response.text()}`);
      ids.push(...((await response.json()) as { jobs: { job_id: string }[] }).jobs.map((j) => j.job_id));
    }
    await inbox.waitFor(() => ids.every((id) => inbox.acknowledged().has(id)), options.timeoutMs).catch(() => undefined);
    // A moment more, so that a duplicate delivery would be seen too.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const acknowledged = inbox.acknowledged();
    const last = Math.max(...ids.map((id) => acknowledged.get(id)?.[0].at ?? 0));
    const stats = stack.slack!.stats();
    const background = options.background ? stack.slack!.background(options.background.method, 0) : undefined;
    const createNames = jobs.filter((j) => j.method === 'conversations.create').map((j) => String(j.args.name));
    return {
      jobs: ids.length,
      wallSeconds: (last - started) / 1000,
      rateLimited: stats.rateLimited - (stats.faults.ratelimited ?? 0) - (stats.faults.ratelimited_no_retry_after ?? 0),
      faultsInjected: Object.values(stats.faults).reduce((a, b) => a + b, 0),
      acknowledgedOnce: ids.filter((id) => acknowledged.get(id)?.length === 1).length,
      acknowledgedTwice: ids.filter((id) => (acknowledged.get(id)?.length ?? 0) > 1).length,
      lost: ids.filter((id) => !acknowledged.has(id)).length,
      failed: ids.filter((id) => acknowledged.get(id)?.[0].body.status !== 'succeeded').length,
      deliveries: inbox.received.length,
      createdTwice: createNames.filter((name) => (stats.created[name] ?? 0) > 1).length,
      createdMissing: createNames.filter((name) => (stats.created[name] ?? 0) === 0).length,
      ...(background && { background }),
    };
  } finally {
    await inbox.close();
    await Promise.all(pollers.map((p) => p.stop(5_000)));
    await stack.stop();
  }
};
