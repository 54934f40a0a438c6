import type { ServiceConfig } from '../config/config';
import type { Ledger } from '../ledger/ledger';
import { createAuthTest } from '../slack/authTest';
import { optionalSecret, secretGetter } from '../config/secrets';
import { createDefaultWorkspace, type DefaultToken } from './defaultWorkspace';
import { createWorkspaceRegistry } from './registry';
import { createWorkspaceTokens } from './tokens';
import { ledgerVault, ssmVault, type TokenVault } from './vault';

/** SSM SecureStrings when deployed (WORKSPACE_TOKENS_SSM_PREFIX set), the ledger locally. */
export const vaultFromConfig = (config: Pick<ServiceConfig, 'region' | 'workspaceTokensSsmPrefix'>, ledger: Ledger): TokenVault =>
  config.workspaceTokensSsmPrefix ? ssmVault(config.region, config.workspaceTokensSsmPrefix) : ledgerVault(ledger.workspaces);

/** The registry, the default workspace and the worker's token source, as a handler wires them. */
export const workspacesFromConfig = (
  config: Pick<ServiceConfig, 'region' | 'workspaceTokensSsmPrefix' | 'slackApiUrl' | 'slackTimeoutMs'>,
  ledger: Ledger,
  env: NodeJS.ProcessEnv,
) => {
  // SLACK_BOT_TOKEN (or its SSM parameter) names the default workspace; without it there is none.
  const defaultToken: DefaultToken = optionalSecret(secretGetter('slackBotToken', env));
  const vault = vaultFromConfig(config, ledger);
  const authTest = createAuthTest({ apiUrl: config.slackApiUrl, timeoutMs: config.slackTimeoutMs });
  const defaultWorkspace = createDefaultWorkspace({ store: ledger.workspaces, authTest, defaultToken });
  return {
    vault,
    authTest,
    defaultWorkspace,
    registry: createWorkspaceRegistry({ store: ledger.workspaces, vault, authTest, defaultWorkspace }),
    tokens: createWorkspaceTokens({ store: ledger.workspaces, vault, defaultWorkspace }),
  };
};
