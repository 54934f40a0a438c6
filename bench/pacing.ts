import { startCallbackInbox } from '../local/callbackInbox';
import { scaledRateLimits } from '../local/rateScale';
import { startStack } from '../local/stack';
import { withDataDir } from './dataDir';
import { measuredJobWorker, type WorkerCost } from './measuredWorker';
import { runService, type ServiceRunResult } from './serviceRun';
import type { WorkloadJob } from './workload';

const creates = (prefix: string, n: number): WorkloadJob[] => Array.from({ length: n }, (_, i) => ({ method: 'conversations.create', args: { name: `${prefix}-${i}` } }));
const infos = (n: number): WorkloadJob[] => Array.from({ length: n }, () => ({ method: 'conversations.info', args: { channel: 'C01GENERAL' } }));

/** The floor run with a given pacer and pacing store, its job worker timed as Lambda bills it. */
export const runFloorMeasured = async (jobs: WorkloadJob[], scale: number, pacing: 'window' | 'legacy', store: 'ledger' | 'memory'): Promise<ServiceRunResult & { cost: WorkerCost }> => {
  const worker = measuredJobWorker(pacing);
  const result = await runService(jobs, {
    scale,
    timeoutMs: 180_000,
    env: { PACING_STORE: store },
    jobWorker: worker.factory,
  });
  return { ...result, cost: worker.cost };
};

/** 20 creates and 50 infos at once at Slack's real limits (no scaling): an idle window takes them all. */
export const runBurst = (): Promise<ServiceRunResult> => runService([...creates('burst', 20), ...infos(50)], { scale: 1, timeoutMs: 150_000 });

/** 200 creates (limits ×scale) while another client spends half of create's limit. */
export const runSharedQuota = (scale: number): Promise<ServiceRunResult> =>
  runService(creates('shared', 200), { scale, timeoutMs: 180_000, background: { method: 'conversations.create', perMinute: 10 } });

export interface Latency {
  p50Ms: number;
  p99Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** Single jobs on an idle stack, one at a time: submit → callback acknowledged. */
export const runIdleLatency = (store: 'ledger' | 'memory', jobs = 50): Promise<Latency> =>
  withDataDir(async (dataDir) => {
    const stack = await startStack({
      dataDir,
      env: { LOG_LEVEL: 'ERROR', SLACK_RATE_LIMITS: scaledRateLimits(60), PACING_WINDOW_MS: '1000', PACING_STORE: store },
      slackEmulator: { rateLimits: { scale: 60 } },
    });
    const inbox = await startCallbackInbox({ secrets: String(stack.env.CALLBACK_SIGNING_SECRET).split(',') });
    const key = String(stack.env.API_KEYS).split(',')[0];
    const submit = async () => {
      const started = Date.now();
      const response = await fetch(`${stack.apiUrl}/v1/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ method: 'conversations.info', args: { channel: 'C01GENERAL' }, callback_url: inbox.url }),
      });
      const { job_id: id } = (await response.json()) as { job_id: string };
      await inbox.waitFor(() => inbox.acknowledged().has(id), 10_000);
      return inbox.acknowledged().get(id)![0].at - started;
    };
    try {
      // The first job warms the connections and the group's record; it is not counted.
      await submit();
      const times: number[] = [];
      for (let i = 0; i < jobs; i += 1) {
        times.push(await submit());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      times.sort((a, b) => a - b);
      return { p50Ms: percentile(times, 50), p99Ms: percentile(times, 99) };
    } finally {
      await inbox.close();
      await stack.stop();
    }
  });
