import { createHash } from 'node:crypto';
import type { WorkspaceStore } from '../ledger/workspaceStore';
import type { AuthTest } from '../slack/authTest';
import { JobsDomainError } from '../jobs/errors';

/** Jobs queued before workspaces were named carry this: they belong to the default workspace. */
export const LEGACY_DEFAULT_WORKSPACE = 'default';

/** Reads SLACK_BOT_TOKEN; undefined when none is configured. */
export type DefaultToken = () => Promise<string | undefined>;

export class DefaultWorkspaceUnavailableError extends JobsDomainError {
  constructor(message: string) {
    super('default_workspace_unavailable', message);
  }
}

/** Names a token without revealing it. */
export const tokenFingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 16);

/**
 * The default workspace: the team SLACK_BOT_TOKEN belongs to. auth.test answers it once per
 * token; the ledger remembers the answer by the token's fingerprint, so other instances (and
 * restarts) skip the call, and a rotated token is asked about again.
 */
export const createDefaultWorkspace = (deps: { store: WorkspaceStore; authTest: AuthTest; defaultToken: DefaultToken }) => {
  let known: { fingerprint: string; teamId: string } | undefined;
  return async (): Promise<{ teamId: string; token: string } | undefined> => {
    const token = await deps.defaultToken();
    if (!token) return undefined;
    const fingerprint = tokenFingerprint(token);
    if (known?.fingerprint === fingerprint) return { teamId: known.teamId, token };
    let teamId = await deps.store.defaultTeam.get(fingerprint);
    if (teamId === undefined) {
      const outcome = await deps.authTest(token);
      if (outcome.kind === 'refused') throw new DefaultWorkspaceUnavailableError(`Slack refused SLACK_BOT_TOKEN (${outcome.code})`);
      if (outcome.kind === 'unavailable') throw new DefaultWorkspaceUnavailableError(`Could not ask Slack whose SLACK_BOT_TOKEN this is: ${outcome.message}`);
      teamId = outcome.owner.team_id;
      const existing = await deps.store.get(teamId);
      // A team registered with a token of its own keeps it; the default only fills a gap or refreshes itself.
      if (!existing || existing.source === 'default') {
        await deps.store.put({ ...outcome.owner, token_version: `default:${fingerprint}`, source: 'default' });
      }
      await deps.store.defaultTeam.put(fingerprint, teamId);
    }
    known = { fingerprint, teamId };
    return { teamId, token };
  };
};

export type DefaultWorkspace = ReturnType<typeof createDefaultWorkspace>;
