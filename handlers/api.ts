import { createApiHandler } from '../lib/api/app';
import { loadConfig } from '../lib/config/config';
import { secretGetter } from '../lib/config/secrets';
import { ledgerFromConfig } from '../lib/ledger/ledger';
import { createLogger } from '../lib/logging/logger';
import { rateFor } from '../lib/catalogue/catalogue';
import { createSqsClient } from '../lib/queue/sqsClient';

/** Wires the HTTP API from an environment; Lambda uses `handler`, the local stack its own env. */
export const createHandler = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig(env);
  return createApiHandler({
    sqs: createSqsClient(config),
    ledger: ledgerFromConfig(config),
    queueUrl: config.jobsQueueUrl,
    callbacksQueueUrl: config.callbacksQueueUrl,
    workspace: config.workspace,
    callbackPolicy: { allowPrivate: config.callbackAllowPrivate, allowedPorts: config.callbackAllowedPorts },
    callsPerMinute: (method) => rateFor(method, config.slackRateLimits) * config.pacingHeadroom,
    acceptedKeys: secretGetter('apiKeys', env),
    logger: createLogger('jobs-api', env),
  });
};

export const handler = createHandler(process.env);
