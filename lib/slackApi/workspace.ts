import { JobsDomainError } from '../jobs/errors';
import type { Access } from '../workspaces/access';
import type { WorkspaceRegistry } from '../workspaces/registry';
import { SlackApiRefusedError, SlackApiUnavailableError } from './errors';

/** The registry could not answer for now: retryable, not the caller's fault. */
const UNAVAILABLE = new Set(['default_workspace_unavailable', 'slack_unavailable']);

/** The registry's refusals, as the Slack error a client of Slack would meet in the same case. */
const SLACK_ERROR_OF: Readonly<Record<string, string>> = {
  workspace_forbidden: 'team_access_not_granted',
  workspace_disabled: 'token_revoked',
  workspace_not_found: 'team_not_found',
  // No workspace named and none to default to (or the key reaches several).
  validation_failed: 'missing_argument',
};

/**
 * The workspace of a call: the key's only workspace, else the request's `team_id` (as Slack's
 * org-wide clients send it), else the default one.
 */
export const resolveSlackWorkspace = async (registry: Pick<WorkspaceRegistry, 'resolve'>, access: Access, teamId: unknown): Promise<string> => {
  const named = typeof teamId === 'string' && teamId !== '' ? teamId : undefined;
  const onlyOne = access.kind === 'scoped' && access.workspaces.length === 1 ? access.workspaces[0] : undefined;
  // A key of one workspace runs there; a team_id naming another is refused, not ignored.
  if (onlyOne !== undefined && named !== undefined && named !== onlyOne) throw new SlackApiRefusedError('team_access_not_granted', `This API key may not use workspace ${named.slice(0, 40)}`);
  const requested = onlyOne === undefined ? named : undefined;
  try {
    return await registry.resolve(access, requested);
  } catch (error) {
    if (!(error instanceof JobsDomainError)) throw error;
    if (UNAVAILABLE.has(error.code)) throw new SlackApiUnavailableError(error.message, { cause: error });
    // An unregistered team_id is a validation_failed too: told apart by whether one was named.
    const code = error.code === 'validation_failed' && requested !== undefined ? 'team_not_found' : (SLACK_ERROR_OF[error.code] ?? 'invalid_auth');
    throw new SlackApiRefusedError(code, error.message, {}, { cause: error });
  }
};
