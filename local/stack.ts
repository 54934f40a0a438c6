import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { createHandler as createApiHandler } from '../handlers/api';
import { createHandler as createCallbackWorker } from '../handlers/callbackWorker';
import { createHandler as createJobWorker } from '../handlers/jobWorker';
import { ConfigError, loadConfig } from '../lib/config/config';
import { QUEUES } from '../lib/config/queues';
import { type Resumed, resumeOpenWork } from '../lib/jobs/resume';
import { ledgerFromConfig } from '../lib/ledger/ledger';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';
import { workspacesFromConfig } from '../lib/workspaces/fromConfig';
import { parseSeedTokens, seedRegistry } from '../lib/workspaces/seed';
import { startHttpApi } from './apiGateway';
import { scaledRateLimits } from './rateScale';
import { type LocalLedgerStore, startLocalLedgerStore } from './ledgerStore';
import { startPoller, type Poller, type SqsHandler } from './poller';
import { startSlackEmulator, type SlackEmulator, type SlackEmulatorOptions } from './slack-emulator/server';
import { startLocalSqs, type LocalSqs } from './sqs';

export interface StackOptions {
  /** API port; 0 picks a free one. */
  port?: number;
  /** Environment for the handlers, on top of the generated local defaults. */
  env?: NodeJS.ProcessEnv;
  /** Options for the Slack emulator, started when no SLACK_BOT_TOKEN is given. */
  slackEmulator?: SlackEmulatorOptions;
  /** Concurrent invocations per worker (the event source mapping's maximumConcurrency). */
  concurrency?: { jobs?: number; callbacks?: number };
  /** Record every queue message (tests). */
  sqsSpy?: boolean;
  /** Start the workers' pollers (default true); off to measure the enqueue path alone. */
  workers?: boolean;
  /** Where the ledger keeps its data (LevelDB); in memory when absent. */
  dataDir?: string;
}

export interface Stack {
  apiUrl: string;
  env: NodeJS.ProcessEnv;
  sqs: LocalSqs;
  /** Present when the stack talks to its own Slack emulator. */
  slack?: SlackEmulator;
  /** How many times faster than Slack's minute the emulator's limits run. */
  emulatorScale: number;
  /** Which secrets were generated because none were given (their values are in `env`). */
  generated: string[];
  ledgerStore: LocalLedgerStore;
  /** What the ledger showed unfinished at start, now back on the queues. */
  resumed: Resumed;
  /** Workspaces registered from SLACK_BOT_TOKENS at start. */
  seeded: string[];
  /** Expired ledger records deleted at start. */
  pruned: number;
  /**
   * Stops taking requests and messages, lets Slack calls and callback deliveries in hand end
   * (at most `graceMs`), and closes. Whatever is left is in the ledger for the next start.
   */
  stop: (options?: { graceMs?: number }) => Promise<void>;
}

const queueArn = (url: string) => `arn:aws:sqs:us-east-1:000000000000:${url.split('/').pop()}`;

/**
 * The whole service on one machine: SQS emulator, HTTP API, both workers polling like Lambda's
 * event source mapping, and a Slack emulator unless a real Slack token is configured.
 */
export const startStack = async (options: StackOptions = {}): Promise<Stack> => {
  const given = { ...options.env };
  const generated: string[] = [];
  const generate = (name: string, make: () => string) => {
    if (!given[name]) {
      given[name] = make();
      generated.push(name);
    }
  };
  generate('API_KEYS', () => `local-${randomBytes(18).toString('base64url')}`);
  generate('CALLBACK_SIGNING_SECRET', () => `whsec_${randomBytes(32).toString('base64')}`);
  if (given.SLACK_CLIENT_ID || !given.SLACK_BOT_TOKEN) generate('SLACK_STATE_SECRET', () => randomBytes(32).toString('base64url'));

  const sqs = await startLocalSqs({ spy: options.sqsSpy });
  const ledgerStore = await startLocalLedgerStore({ dataDir: options.dataDir });
  let slack: SlackEmulator | undefined;
  // SLACK_EMULATOR_SCALE shortens the emulator's minute (60: a second) and paces the service to match.
  const emulatorScale = Number(given.SLACK_EMULATOR_SCALE ?? 1);
  if (!Number.isFinite(emulatorScale) || emulatorScale < 1 || emulatorScale > 600) throw new ConfigError('SLACK_EMULATOR_SCALE must be a number from 1 to 600');
  if (!given.SLACK_BOT_TOKEN) {
    slack = await startSlackEmulator({ rateLimits: { scale: emulatorScale }, ...options.slackEmulator });
    given.SLACK_BOT_TOKEN = slack.token;
    given.SLACK_API_URL = slack.url;
    // A second emulated workspace is registered from the start; a third waits to be installed with "Add to Slack".
    const [second] = [...slack.workspaces.values()].slice(1);
    if (second && given.SLACK_BOT_TOKENS === undefined) given.SLACK_BOT_TOKENS = JSON.stringify({ [second.state.teamId]: second.token });
    if (!given.SLACK_CLIENT_ID) {
      given.SLACK_CLIENT_ID = slack.oauth.clientId;
      given.SLACK_CLIENT_SECRET = slack.oauth.clientSecret;
      given.SLACK_OAUTH_AUTHORIZE_URL = slack.authorizeUrl;
    }
    if (emulatorScale !== 1) {
      given.SLACK_RATE_LIMITS ??= scaledRateLimits(emulatorScale);
      given.PACING_WINDOW_MS ??= String(60_000 / emulatorScale);
    }
  }
  const env: NodeJS.ProcessEnv = {
    CALLBACK_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'WARN',
    // Pacing windows in the embedded ledger, as deployed (the dashboard lists them); `true` keeps them in memory.
    PACING_STORE: 'ledger',
    ...given,
    AWS_REGION: 'us-east-1',
    SQS_ENDPOINT: sqs.endpoint,
    JOBS_QUEUE_URL: sqs.queues.jobs,
    JOBS_DLQ_URL: sqs.queues.jobsDlq,
    CALLBACKS_QUEUE_URL: sqs.queues.callbacks,
    CALLBACKS_DLQ_URL: sqs.queues.callbacksDlq,
    DYNAMODB_ENDPOINT: ledgerStore.endpoint,
    LEDGER_TABLE: ledgerStore.table,
  };

  const logger: Logger = createLogger('local-runner', env);
  const client = createSqsClient({ region: 'us-east-1', sqsEndpoint: sqs.endpoint });
  const poll = (name: string, queueUrl: string, handler: SqsHandler, definition: (typeof QUEUES)['jobs'], concurrency?: number): Poller =>
    startPoller({
      sqs: client,
      queueUrl,
      queueArn: queueArn(queueUrl),
      functionName: name,
      handler,
      batchSize: definition.batchSize,
      concurrency: concurrency ?? definition.maximumConcurrency,
      timeoutMs: definition.functionTimeoutSeconds * 1000,
      onError: (error) => logger.error('poller error', { function: name, error: error as Error }),
    });

  const config = loadConfig(env);
  const ledger = ledgerFromConfig(config);
  // SLACK_BOT_TOKENS seeds the workspace registry (each token checked with auth.test).
  const { registry } = workspacesFromConfig(config, ledger, env);
  const seeded = await seedRegistry(registry, parseSeedTokens(env.SLACK_BOT_TOKENS));

  // The queues start empty: everything the ledger shows unfinished goes back on them first.
  const resumed = await resumeOpenWork({
    ledger,
    sqs: client,
    jobsQueueUrl: sqs.queues.jobs,
    callbacksQueueUrl: sqs.queues.callbacks,
  });

  const pollers = options.workers === false ? [] : [
    poll('job-worker', sqs.queues.jobs, createJobWorker(env), QUEUES.jobs, options.concurrency?.jobs),
    poll('callback-worker', sqs.queues.callbacks, createCallbackWorker(env), QUEUES.callbacks, options.concurrency?.callbacks),
  ];
  const api = await startHttpApi(createApiHandler(env), { port: options.port ?? 0, timeoutMs: 29_000 });

  return {
    apiUrl: api.url,
    env,
    sqs,
    slack,
    emulatorScale,
    generated,
    ledgerStore,
    resumed,
    seeded,
    pruned: ledgerStore.pruned,
    stop: async ({ graceMs } = {}) => {
      await api.close();
      await Promise.all(pollers.map((p) => p.stop(graceMs)));
      await slack?.close();
      await ledgerStore.stop();
      await sqs.stop();
      client.destroy();
    },
  };
};
