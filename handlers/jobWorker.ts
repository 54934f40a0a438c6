import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config/config';
import { optionalSecret, secretGetter } from '../lib/config/secrets';
import { ledgerFromConfig } from '../lib/ledger/ledger';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';
import { createSlackCaller } from '../lib/slack/slackClient';
import { processJobBatch } from '../lib/worker/jobWorker';
import { pacerFromConfig } from '../lib/worker/pacingSetup';
import { workspacesFromConfig } from '../lib/workspaces/fromConfig';

/** Wires the job worker from an environment; Lambda uses `handler`, the local stack its own env. */
export const createHandler = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig(env);
  const logger = createLogger('job-worker', env);
  const sqs = createSqsClient(config);
  const slackWith = createSlackCaller({ apiUrl: config.slackApiUrl, timeoutMs: config.slackTimeoutMs });
  const ledger = ledgerFromConfig(config);
  const { tokens: workspaces } = workspacesFromConfig(config, ledger, optionalSecret(secretGetter('slackBotToken', env)));
  const queues = { jobs: config.jobsQueueUrl, jobsDlq: config.jobsDlqUrl, callbacks: config.callbacksQueueUrl };
  const pacer = pacerFromConfig(config, ledger);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().handler((event, context) =>
    processJobBatch(event, context, { sqs, queues, slackWith, workspaces, ledger, pacer, config, logger }),
  );
};

export const handler = createHandler(process.env);
