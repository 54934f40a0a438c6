import { JobsDomainError } from '../jobs/errors';

/**
 * What an API key may reach: every workspace and the registry (an admin key), or only the jobs,
 * batches and sweeps of its own workspaces (a scoped key, `key=T111|T222` in API_KEYS).
 */
export type Access = { kind: 'admin' } | { kind: 'scoped'; workspaces: readonly string[] };

export const ADMIN_ACCESS: Access = { kind: 'admin' };

/** A Slack team ID (`T…`) or Enterprise Grid org ID (`E…`). */
export const WORKSPACE_ID_PATTERN = /^[TE][A-Z0-9]{2,31}$/;
export const WORKSPACE_ID_MESSAGE = 'must be a Slack team ID (T…) or Enterprise org ID (E…)';

export class WorkspaceForbiddenError extends JobsDomainError {
  constructor(workspace: string) {
    super('workspace_forbidden', `This API key may not use workspace ${workspace}`, [{ path: 'workspace', message: 'is not one of this API key’s workspaces' }]);
  }
}

export class AdminOnlyError extends JobsDomainError {
  constructor(what: string) {
    super('forbidden', `Only an admin API key may ${what}`);
  }
}

/** True when the key may see and act on work of `workspace`. */
export const canUse = (access: Access, workspace: string): boolean => access.kind === 'admin' || access.workspaces.includes(workspace);

/** Throws WorkspaceForbiddenError unless the key may submit to `workspace`. */
export const assertCanUse = (access: Access, workspace: string): void => {
  if (!canUse(access, workspace)) throw new WorkspaceForbiddenError(workspace);
};

/** Throws AdminOnlyError unless the key is an admin key. */
export const assertAdmin = (access: Access, what: string): void => {
  if (access.kind !== 'admin') throw new AdminOnlyError(what);
};
