import { InvalidRequestError } from '../jobs/errors';
import { WORKSPACE_ID_PATTERN } from './access';

const WORKSPACE_MESSAGE = 'must be a Slack team ID (T…) or Enterprise org ID (E…)';

/** Checks a named workspace's form; undefined when none was named. */
export const checkWorkspaceField = (value: unknown, path = 'workspace'): { ok: true; workspace?: string } | { ok: false; path: string; message: string } => {
  if (value === undefined) return { ok: true };
  if (typeof value !== 'string' || !WORKSPACE_ID_PATTERN.test(value)) return { ok: false, path, message: WORKSPACE_MESSAGE };
  return { ok: true, workspace: value };
};

/**
 * Takes the optional `"workspace"` off a request body, so the rest is checked by the operation's
 * own schema: which workspace to run in is the registry's question, not the operation's.
 */
export const takeWorkspace = (body: unknown): { requested?: string; rest: unknown } => {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('workspace' in body)) return { rest: body };
  const { workspace, ...rest } = body as Record<string, unknown>;
  const checked = checkWorkspaceField(workspace);
  if (!checked.ok) throw new InvalidRequestError('Invalid request', [{ path: checked.path, message: checked.message }]);
  return { requested: checked.workspace, rest };
};
