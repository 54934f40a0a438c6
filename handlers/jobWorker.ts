import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig, type ServiceConfig } from '../lib/config/config';
import { type Ledger, ledgerFromConfig } from '../lib/ledger/ledger';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';
import { createSlackCaller } from '../lib/slack/slackClient';
import { type Clock, systemClock } from '../lib/worker/clock';
import { processJobBatch } from '../lib/worker/jobWorker';
import type { JobWorkerDeps } from '../lib/worker/jobWorkerTypes';
import type { Pacing } from '../lib/worker/pacer';
import { pacerFromConfig } from '../lib/worker/pacingSetup';
import { workspacesFromConfig } from '../lib/workspaces/fromConfig';

export interface JobWorkerWiring {
  clock?: Clock;
  /** Another pacer than the configured one (the benchmark compares the one this replaced). */
  pacer?: (config: ServiceConfig, ledger: Ledger, clock: Clock) => Pacing;
}

/** The job worker's dependencies from an environment: what the handler runs with (and the benchmark measures). */
export const jobWorkerDeps = (env: NodeJS.ProcessEnv, wiring: JobWorkerWiring = {}): JobWorkerDeps => {
  const config = loadConfig(env);
  const clock = wiring.clock ?? systemClock;
  const ledger = ledgerFromConfig(config);
  return {
    sqs: createSqsClient(config),
    queues: { jobs: config.jobsQueueUrl, jobsDlq: config.jobsDlqUrl, callbacks: config.callbacksQueueUrl },
    slackWith: createSlackCaller({ apiUrl: config.slackApiUrl, timeoutMs: config.slackTimeoutMs }),
    workspaces: workspacesFromConfig(config, ledger, env).tokens,
    ledger,
    pacer: (wiring.pacer ?? pacerFromConfig)(config, ledger, clock),
    config,
    logger: createLogger('job-worker', env),
    clock,
  };
};

/** Wires the job worker from an environment; Lambda uses `handler`, the local stack its own env. */
export const createHandler = (env: NodeJS.ProcessEnv) => {
  const deps = jobWorkerDeps(env);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().handler((event, context) => processJobBatch(event, context, deps));
};

export const handler = createHandler(process.env);
