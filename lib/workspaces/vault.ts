import { DeleteParameterCommand, GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
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
 * encrypted with KMS; the functions' IAM reaches that path only.
 */
export const ssmVault = (ssm: SSMClient, prefix: string): TokenVault => {
  const name = (teamId: string) => `${prefix.replace(/\/$/, '')}/${teamId}`;
  return {
    put: async (teamId, token) => {
      await ssm.send(new PutParameterCommand({ Name: name(teamId), Value: token, Type: 'SecureString', Overwrite: true, Description: `Slack bot token of ${teamId}` }));
    },
    get: async (teamId) => {
      try {
        const output = await ssm.send(new GetParameterCommand({ Name: name(teamId), WithDecryption: true }));
        return output.Parameter?.Value;
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    remove: async (teamId) => {
      try {
        await ssm.send(new DeleteParameterCommand({ Name: name(teamId) }));
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
  };
};
