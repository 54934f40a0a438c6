import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config/config';
import { loadSecrets } from '../lib/config/secrets';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';
import { processCallbackBatch } from '../lib/worker/callbackWorker';

const config = loadConfig();
const logger = createLogger('callback-worker');
const sqs = createSqsClient(config);

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>().handler((event) =>
  processCallbackBatch(event, {
    sqs,
    queues: { callbacks: config.callbacksQueueUrl, callbacksDlq: config.callbacksDlqUrl },
    signingSecrets: async () => loadSecrets(['signingSecrets']).signingSecrets,
    config,
    logger,
  }),
);
