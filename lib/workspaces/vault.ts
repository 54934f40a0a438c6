import type { SSMClient } from '@aws-sdk/client-ssm';
import type { WorkspaceStore } from '../ledger/workspaceStore';

/** Where workspace bot tokens are kept: apart from the registry's records, which never hold one. */
export interface TokenVault {
  put: (teamId: string, token: string) => Promise<void>;
  get: (teamId: string) => Promise<string | undefined>;
  remove: (teamId: string) => Promise<void>;
}

/** Locally: an item of the ledger of its own (on this machine's disk, under DATA_DIR). */
export const ledgerVault = (store: WorkspaceStore): TokenVault => store.tokens;

const isNotFound = (error: unknown) => (error as Error | undefined)?.name === 'ParameterNotFound';

/**
 * Deployed: one SSM SecureString per workspace under this stage's path (`<prefix>/T0123`),
 * encrypted with KMS; the functions' IAM reaches that path only. The SSM client is loaded on first
 * use (it comes with the Lambda runtime, outside the bundle), so a cold start does not pay for it.
 */
export const ssmVault = (region: string, prefix: string): TokenVault => {
  const name = (teamId: string) => `${prefix.replace(/\/$/, '')}/${teamId}`;
  let loaded: Promise<{ ssm: SSMClient; sdk: typeof import('@aws-sdk/client-ssm') }> | undefined;
  const client = () => {
    loaded ??= import('@aws-sdk/client-ssm').then((sdk) => ({ ssm: new sdk.SSMClient({ region }), sdk }));
    return loaded;
  };
  return {
    put: async (teamId, token) => {
      const { ssm, sdk } = await client();
      await ssm.send(new sdk.PutParameterCommand({ Name: name(teamId), Value: token, Type: 'SecureString', Overwrite: true, Description: `Slack bot token of ${teamId}` }));
    },
    get: async (teamId) => {
      const { ssm, sdk } = await client();
      try {
        const output = await ssm.send(new sdk.GetParameterCommand({ Name: name(teamId), WithDecryption: true }));
        return output.Parameter?.Value;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    remove: async (teamId) => {
      const { ssm, sdk } = await client();
      try {
        await ssm.send(new sdk.DeleteParameterCommand({ Name: name(teamId) }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
};
