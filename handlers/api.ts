import { createApiHandler } from '../lib/api/app';
import { loadConfig } from '../lib/config/config';
import { secretGetter } from '../lib/config/secrets';
import { ledgerFromConfig } from '../lib/ledger/ledger';
import { createLogger } from '../lib/logging/logger';
import { rateFor } from '../lib/catalogue/catalogue';
import { createSqsClient } from '../lib/queue/sqsClient';
import { workspacesFromConfig } from '../lib/workspaces/fromConfig';
import { createSlackInstall, DEFAULT_BOT_SCOPES } from '../lib/workspaces/oauth';

const configured = (env: NodeJS.ProcessEnv, name: string) => Boolean(env[name] || env[`${name}_PARAM`]);

/** Wires the HTTP API from an environment; Lambda uses `handler`, the local stack its own env. */
export const createHandler = (env: NodeJS.ProcessEnv) => {
  const config = loadConfig(env);
  const ledger = ledgerFromConfig(config);
  const { registry } = workspacesFromConfig(config, ledger, env);
  // "Add to Slack" is on only when the app's three credentials are all configured.
  const install =
    config.slackClientId && configured(env, 'SLACK_CLIENT_SECRET') && configured(env, 'SLACK_STATE_SECRET')
      ? createSlackInstall({
          clientId: config.slackClientId,
          clientSecret: secretGetter('slackClientSecret', env),
          stateSecret: secretGetter('slackStateSecret', env),
          scopes: config.slackScopes ?? DEFAULT_BOT_SCOPES,
          authorizeUrl: config.slackOauthAuthorizeUrl,
          apiUrl: config.slackApiUrl,
          timeoutMs: config.slackTimeoutMs,
          registry,
        })
      : undefined;
  return createApiHandler({
    sqs: createSqsClient(config),
    ledger,
    registry,
    install,
    installRedirectUri: config.slackRedirectUri,
    queueUrl: config.jobsQueueUrl,
    callbacksQueueUrl: config.callbacksQueueUrl,
    // Each pacing group's window, allowance and 429s, as the job workers keep them in the ledger.
    groupStats: config.pacingStore === 'ledger' ? () => ledger.pacing.list() : undefined,
    jobsDlqUrl: config.jobsDlqUrl || undefined,
    callbacksDlqUrl: config.callbacksDlqUrl || undefined,
    callbackPolicy: { allowPrivate: config.callbackAllowPrivate, allowedPorts: config.callbackAllowedPorts },
    callsPerMinute: (method) => rateFor(method, config.slackRateLimits) * config.pacingHeadroom,
    slackApi: { waitMs: config.slackProxyWaitMs, replaySeconds: config.slackProxyReplaySeconds },
    acceptedKeys: secretGetter('apiKeys', env),
    logger: createLogger('jobs-api', env),
  });
};

export const handler = createHandler(process.env);
