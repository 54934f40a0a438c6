import { createHash } from 'node:crypto';
import type { WorkspaceStore } from '../ledger/workspaceStore';
import type { AuthTest } from '../slack/authTest';
import { JobsDomainError } from '../jobs/errors';

/** Jobs queued before workspaces were named carry this: they belong to the default workspace. */
export const LEGACY_DEFAULT_WORKSPACE = 'default';

/** Reads SLACK_BOT_TOKEN; undefined when none is configured. */
export type DefaultToken = () => Promise<string | undefined>;

/** After Slack refused the token, it is not asked about again for this long (no auth.test per request). */
const REFUSED_CACHE_MS = 30_000;
/** After Slack could not be asked, a short pause only. */
const UNAVAILABLE_CACHE_MS = 2_000;

export class DefaultWorkspaceUnavailableError extends JobsDomainError {
  constructor(
    message: string,
    /** Slack refused the token (a configuration problem), rather than could not be asked. */
    readonly refused = false,
  ) {
    super('default_workspace_unavailable', message);
  }
}

/** Names a token without revealing it. */
export const tokenFingerprint = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 16);

/** The token version a default workspace's record carries: which SLACK_BOT_TOKEN it was registered with. */
export const defaultTokenVersion = (token: string): string => `default:${tokenFingerprint(token)}`;

/**
 * The default workspace: the team SLACK_BOT_TOKEN belongs to. auth.test answers it once per
 * token; the ledger remembers the answer by the token's fingerprint, so other instances (and
 * restarts) skip the call, and a rotated token is asked about again, which registers it (and so
 * enables the workspace again if the old token was revoked).
 */
export const createDefaultWorkspace = (deps: { store: WorkspaceStore; authTest: AuthTest; defaultToken: DefaultToken; now?: () => number }) => {
  const now = deps.now ?? Date.now;
  let known: { fingerprint: string; teamId: string } | undefined;
  let failed: { fingerprint: string; error: DefaultWorkspaceUnavailableError; until: number } | undefined;

  const learn = async (token: string, fingerprint: string): Promise<string> => {
    const outcome = await deps.authTest(token);
    if (outcome.kind === 'refused') throw new DefaultWorkspaceUnavailableError(`Slack refused SLACK_BOT_TOKEN (${outcome.code})`, true);
    if (outcome.kind === 'unavailable') throw new DefaultWorkspaceUnavailableError(`Could not ask Slack whose SLACK_BOT_TOKEN this is: ${outcome.message}`);
    const teamId = outcome.owner.team_id;
    const existing = await deps.store.get(teamId);
    // A team registered with a token of its own keeps it; the default only fills a gap or refreshes itself.
    if (!existing || existing.source === 'default') await deps.store.put({ ...outcome.owner, token_version: defaultTokenVersion(token), source: 'default' });
    await deps.store.defaultTeam.put(fingerprint, teamId);
    return teamId;
  };

  return async (): Promise<{ teamId: string; token: string } | undefined> => {
    const token = await deps.defaultToken();
    if (!token) return undefined;
    const fingerprint = tokenFingerprint(token);
    if (known?.fingerprint === fingerprint) return { teamId: known.teamId, token };
    if (failed?.fingerprint === fingerprint && now() < failed.until) throw failed.error;
    try {
      const teamId = (await deps.store.defaultTeam.get(fingerprint)) ?? (await learn(token, fingerprint));
      known = { fingerprint, teamId };
      failed = undefined;
      return { teamId, token };
    } catch (error) {
      if (error instanceof DefaultWorkspaceUnavailableError) failed = { fingerprint, error, until: now() + (error.refused ? REFUSED_CACHE_MS : UNAVAILABLE_CACHE_MS) };
      throw error;
    }
  };
};

export type DefaultWorkspace = ReturnType<typeof createDefaultWorkspace>;
