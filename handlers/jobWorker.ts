import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadConfig } from '../lib/config/config';
import { loadSecrets } from '../lib/config/secrets';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';
import { createSlackCall } from '../lib/slack/slackClient';
import { processJobBatch } from '../lib/worker/jobWorker';

const config = loadConfig();
const logger = createLogger('job-worker');
const sqs = createSqsClient(config);
const slack = createSlackCall({
  token: loadSecrets(['slackBotToken']).slackBotToken,
  apiUrl: config.slackApiUrl,
  timeoutMs: config.slackTimeoutMs,
});

export const handler = middy<SQSEvent, SQSBatchResponse, Error, Context>().handler((event, context) =>
  processJobBatch(event, context, {
    sqs,
    queues: { jobs: config.jobsQueueUrl, jobsDlq: config.jobsDlqUrl, callbacks: config.callbacksQueueUrl },
    slack,
    config,
    logger,
  }),
);
