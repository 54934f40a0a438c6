import { randomUUID } from 'node:crypto';
import type { WorkspaceRecord, WorkspaceSource, WorkspaceStore } from '../ledger/workspaceStore';
import type { AuthTest } from '../slack/authTest';
import { type Access, assertCanUse, WORKSPACE_ID_MESSAGE, WORKSPACE_ID_PATTERN } from './access';
import type { DefaultWorkspace } from './defaultWorkspace';
import { InvalidRequestError } from '../jobs/errors';
import {
  DefaultWorkspaceRemovalError,
  SlackUnavailableError,
  TokenRejectedError,
  UnknownWorkspaceError,
  WorkspaceDisabledError,
  WorkspaceNotFoundError,
  WorkspaceRequiredError,
} from './errors';
import type { TokenVault } from './vault';

/** A workspace as the API shows it: never its token. */
export interface WorkspaceView {
  team_id: string;
  team_name: string;
  bot_user_id: string;
  enterprise_id?: string;
  status: WorkspaceRecord['status'];
  disabled_code?: string;
  disabled_at?: string;
  source: WorkspaceSource;
  /** The workspace of SLACK_BOT_TOKEN, used when a request names none. */
  default: boolean;
  created_at: string;
  updated_at: string;
}

export interface RegistryDeps {
  store: WorkspaceStore;
  vault: TokenVault;
  authTest: AuthTest;
  defaultWorkspace: DefaultWorkspace;
}

const BOT_TOKEN_PATTERN = /^xox[a-z]-[A-Za-z0-9-]{1,250}$/;

const toView = (record: WorkspaceRecord, defaultTeam: string | undefined): WorkspaceView => ({
  team_id: record.team_id,
  team_name: record.team_name,
  bot_user_id: record.bot_user_id,
  ...(record.enterprise_id !== undefined && { enterprise_id: record.enterprise_id }),
  status: record.status,
  ...(record.disabled_code !== undefined && { disabled_code: record.disabled_code, disabled_at: record.disabled_at }),
  source: record.source,
  default: record.team_id === defaultTeam,
  created_at: record.created_at,
  updated_at: record.updated_at,
});

/** Checks a registration's path and body; the token is never echoed back in an error. */
export const parseRegistration = (teamId: string, body: unknown): { teamId: string; token: string } => {
  const details = [];
  if (!WORKSPACE_ID_PATTERN.test(teamId)) details.push({ path: 'team_id', message: WORKSPACE_ID_MESSAGE });
  const token = typeof body === 'object' && body !== null ? (body as { bot_token?: unknown }).bot_token : undefined;
  if (typeof token !== 'string') details.push({ path: 'bot_token', message: 'is required: a bot token (xoxb-…)' });
  else if (!BOT_TOKEN_PATTERN.test(token)) details.push({ path: 'bot_token', message: 'must be a Slack token (xoxb-…)' });
  const extra = typeof body === 'object' && body !== null ? Object.keys(body).filter((key) => key !== 'bot_token') : [];
  if (extra.length > 0) details.push({ path: extra[0].slice(0, 64), message: 'is not a known field' });
  if (details.length > 0) throw new InvalidRequestError('Invalid workspace registration', details);
  return { teamId, token: token as string };
};

/** The workspace registry: which workspaces the service calls Slack for, with which token. */
export const createWorkspaceRegistry = (deps: RegistryDeps) => {
  const defaultTeam = async () => (await deps.defaultWorkspace())?.teamId;
  /** The default workspace where it can be told now (for views and checks that do without it). */
  const defaultTeamIfKnown = () => defaultTeam().catch(() => undefined);

  /** Checks the token with auth.test (its team must be `teamId` when one is named) and stores it. */
  const register = async (teamId: string | undefined, token: string, source: WorkspaceSource): Promise<WorkspaceView> => {
    const outcome = await deps.authTest(token);
    if (outcome.kind === 'unavailable') throw new SlackUnavailableError(`Could not check the token with Slack: ${outcome.message}`);
    if (outcome.kind === 'refused') throw new TokenRejectedError(`Slack refused the token (${outcome.code})`);
    const { owner } = outcome;
    if (teamId !== undefined && owner.team_id !== teamId) throw new TokenRejectedError(`The token belongs to workspace ${owner.team_id}, not ${teamId}`);
    // The token first: a record never names a token the vault does not have.
    await deps.vault.put(owner.team_id, token);
    const record = await deps.store.put({ ...owner, token_version: randomUUID(), source });
    return toView(record, await defaultTeamIfKnown());
  };

  const list = async (access: Access): Promise<WorkspaceView[]> => {
    // Asking registers the default workspace on first sight, so the list shows it.
    const team = await defaultTeamIfKnown();
    const records = await deps.store.list();
    return records.filter((record) => access.kind === 'admin' || access.workspaces.includes(record.team_id)).map((record) => toView(record, team));
  };

  const get = async (teamId: string, access: Access): Promise<WorkspaceView> => {
    const record = access.kind === 'admin' || access.workspaces.includes(teamId) ? await deps.store.get(teamId) : undefined;
    if (!record) throw new WorkspaceNotFoundError(teamId);
    return toView(record, await defaultTeamIfKnown());
  };

  const remove = async (teamId: string): Promise<void> => {
    if (teamId === (await defaultTeamIfKnown())) throw new DefaultWorkspaceRemovalError(teamId);
    if (!(await deps.store.get(teamId))) throw new WorkspaceNotFoundError(teamId);
    // The token first: a failure half-way leaves a record without a token (its jobs fail), never a secret nobody lists.
    await deps.vault.remove(teamId);
    await deps.store.remove(teamId);
  };

  /**
   * The workspace a submission runs in: the one it names, else the key's only workspace, else the
   * default. The key must reach it, and it must be registered and enabled.
   */
  const resolve = async (access: Access, requested: string | undefined): Promise<string> => {
    let teamId = requested;
    if (teamId === undefined) {
      if (access.kind === 'scoped' && access.workspaces.length === 1) teamId = access.workspaces[0];
      else {
        teamId = await defaultTeam();
        if (teamId === undefined) throw new WorkspaceRequiredError('there is no default workspace (SLACK_BOT_TOKEN is not set)');
        if (access.kind === 'scoped' && !access.workspaces.includes(teamId)) throw new WorkspaceRequiredError('this API key reaches several workspaces');
      }
    }
    assertCanUse(access, teamId);
    // Read each time: a workspace disabled by a worker is refused at once.
    const record = await deps.store.get(teamId);
    if (!record) throw new UnknownWorkspaceError(teamId);
    if (record.status === 'disabled') throw new WorkspaceDisabledError(teamId, record.disabled_code ?? 'token_revoked');
    return teamId;
  };

  return { register, list, get, remove, resolve, defaultTeam };
};

export type WorkspaceRegistry = ReturnType<typeof createWorkspaceRegistry>;
