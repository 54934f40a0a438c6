import { createApiHandler } from '../lib/api/app';
import { loadConfig } from '../lib/config/config';
import { secretGetter } from '../lib/config/secrets';
import { createLogger } from '../lib/logging/logger';
import { createSqsClient } from '../lib/queue/sqsClient';

/** Wires the HTTP API from an environment; Lambda uses `handler`, the local stack its own env. */
export const createHandler = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig(env);
  return createApiHandler({
    sqs: createSqsClient(config),
    queueUrl: config.jobsQueueUrl,
    workspace: config.workspace,
    callbackPolicy: { allowPrivate: config.callbackAllowPrivate },
    acceptedKeys: secretGetter('apiKeys', env),
    logger: createLogger('jobs-api', env),
  });
};

export const handler = createHandler(process.env);
