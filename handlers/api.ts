import { loadConfig } from '../lib/config/config';
import { loadSecrets } from '../lib/config/secrets';
import { createApiHandler } from '../lib/api/app';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';

const config = loadConfig();
const logger = createLogger('jobs-api');
const sqs = createSqsClient(config);

export const handler = createApiHandler({
  sqs,
  queueUrl: config.jobsQueueUrl,
  workspace: config.workspace,
  callbackPolicy: { allowPrivate: config.callbackAllowPrivate },
  acceptedKeys: async () => loadSecrets(['apiKeys']).apiKeys,
  logger,
});
