import { InvalidRequestError } from '../jobs/errors';
import { WORKSPACE_ID_MESSAGE, WORKSPACE_ID_PATTERN } from './access';

/**
 * Takes the optional `"workspace"` off a request body, so the rest is checked by the operation's
 * own schema: which workspace to run in is the registry's question, not the operation's.
 */
export const takeWorkspace = (body: unknown): { requested?: string; rest: unknown } => {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('workspace' in body)) return { rest: body };
  const { workspace, ...rest } = body as Record<string, unknown>;
  if (workspace === undefined) return { rest };
  if (typeof workspace !== 'string' || !WORKSPACE_ID_PATTERN.test(workspace)) throw new InvalidRequestError('Invalid request', [{ path: 'workspace', message: WORKSPACE_ID_MESSAGE }]);
  return { requested: workspace, rest };
};
