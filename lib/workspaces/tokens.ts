import type { WorkspaceStore } from '../ledger/workspaceStore';
import { type DefaultWorkspace, defaultTokenVersion, LEGACY_DEFAULT_WORKSPACE } from './defaultWorkspace';
import type { TokenVault } from './vault';

/** Slack's answers that mean the token itself is dead: the workspace is disabled until re-registered. */
export const TOKEN_DEAD_CODES: ReadonlySet<string> = new Set(['token_revoked', 'token_expired', 'account_inactive', 'invalid_auth']);

/** What the worker may call a workspace with. */
export type Grant =
  | { kind: 'active'; token: string; version: string }
  | { kind: 'disabled'; code: string }
  /** Not registered (removed after the job was queued). */
  | { kind: 'missing' };

export interface WorkspaceTokens {
  grant: (workspace: string) => Promise<Grant>;
  /** Slack called the token of `grant` dead: disable the workspace (unless its token changed since). */
  disable: (workspace: string, code: string, version: string) => Promise<boolean>;
}

/**
 * Tokens by workspace for the worker. An active record is re-read after `cacheMs`, so a disable or
 * a new token registered elsewhere reaches every instance within that time (a disabled one is
 * re-read every time); a token is re-read from the vault only when its version changes.
 */
export const createWorkspaceTokens = (deps: {
  store: WorkspaceStore;
  vault: TokenVault;
  defaultWorkspace: DefaultWorkspace;
  cacheMs?: number;
  now?: () => number;
}): WorkspaceTokens => {
  const cacheMs = deps.cacheMs ?? 5_000;
  const now = deps.now ?? Date.now;
  const grants = new Map<string, { grant: Grant; at: number }>();
  const tokens = new Map<string, { version: string; token: string }>();

  const read = async (workspace: string): Promise<Grant> => {
    // Only the default workspace's jobs need SLACK_BOT_TOKEN: other workspaces run whatever becomes of it.
    if (workspace === LEGACY_DEFAULT_WORKSPACE) {
      const fallback = await deps.defaultWorkspace();
      return fallback ? { kind: 'active', token: fallback.token, version: 'legacy' } : { kind: 'missing' };
    }
    const record = await deps.store.get(workspace);
    if (!record) return { kind: 'missing' };
    if (record.status === 'disabled') return { kind: 'disabled', code: record.disabled_code ?? 'token_revoked' };
    if (record.source === 'default') {
      const fallback = await deps.defaultWorkspace();
      // The version names the token this instance holds: one still holding a rotated-out token cannot disable the workspace.
      return fallback && fallback.teamId === workspace ? { kind: 'active', token: fallback.token, version: defaultTokenVersion(fallback.token) } : { kind: 'missing' };
    }
    const held = tokens.get(workspace);
    if (held?.version === record.token_version) return { kind: 'active', token: held.token, version: held.version };
    const token = await deps.vault.get(workspace);
    if (token === undefined) return { kind: 'missing' };
    tokens.set(workspace, { version: record.token_version, token });
    return { kind: 'active', token, version: record.token_version };
  };

  return {
    grant: async (workspace) => {
      const hit = grants.get(workspace);
      if (hit && now() - hit.at < cacheMs) return hit.grant;
      const grant = await read(workspace);
      // Only a working token is kept: a disabled workspace is looked at again, so a new token counts at once.
      if (grant.kind === 'active') grants.set(workspace, { grant, at: now() });
      else grants.delete(workspace);
      return grant;
    },
    disable: async (workspace, code, version) => {
      grants.delete(workspace);
      if (workspace === LEGACY_DEFAULT_WORKSPACE || version === 'legacy') return false;
      return deps.store.disable(workspace, code, version);
    },
  };
};
