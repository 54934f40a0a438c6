import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config/config';
import { secretGetter } from '../lib/config/secrets';
import { ledgerFromConfig } from '../lib/ledger/ledger';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';
import { processCallbackBatch } from '../lib/callbacks/worker';

/** Wires the callback worker from an environment; Lambda uses `handler`, the local stack its own env. */
export const createHandler = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig(env);
  const logger = createLogger('callback-worker', env);
  const sqs = createSqsClient(config);
  const queues = { callbacks: config.callbacksQueueUrl, callbacksDlq: config.callbacksDlqUrl };
  const ledger = ledgerFromConfig(config);
  const signingSecrets = secretGetter('signingSecrets', env);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>().handler((event) =>
    processCallbackBatch(event, { sqs, queues, ledger, signingSecrets, config, logger }),
  );
};

export const handler = createHandler(process.env);
