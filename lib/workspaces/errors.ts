import { JobsDomainError } from '../jobs/errors';

/** The default workspace is SLACK_BOT_TOKEN's: it goes when that token changes, not by a DELETE. */
export class DefaultWorkspaceRemovalError extends JobsDomainError {
  constructor(teamId: string) {
    super('workspace_is_default', `Workspace ${teamId} is the default one (SLACK_BOT_TOKEN's): change that token to remove it`);
  }
}

export class WorkspaceNotFoundError extends JobsDomainError {
  constructor(teamId: string) {
    super('workspace_not_found', `No workspace ${teamId} is registered`);
  }
}

/** The request named no workspace and there is no default one (SLACK_BOT_TOKEN unset). */
export class WorkspaceRequiredError extends JobsDomainError {
  constructor(why: string) {
    super('validation_failed', `Name a workspace: ${why}`, [{ path: 'workspace', message: 'is required' }]);
  }
}

export class UnknownWorkspaceError extends JobsDomainError {
  constructor(teamId: string) {
    super('validation_failed', `Workspace ${teamId} is not registered`, [{ path: 'workspace', message: 'is not a registered workspace (PUT /v1/workspaces/{team_id})' }]);
  }
}

export class WorkspaceDisabledError extends JobsDomainError {
  constructor(teamId: string, code: string) {
    super('workspace_disabled', `Workspace ${teamId} is disabled: Slack answered ${code}; register a new token to enable it`, [{ path: 'workspace', message: `disabled (${code})` }]);
  }
}

/** Slack refused the token, or it belongs to another team than the one named. */
export class TokenRejectedError extends JobsDomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('validation_failed', message, [{ path: 'bot_token', message }], options);
  }
}

/** Slack could not be asked (network, 5xx): nothing was registered; try again. */
export class SlackUnavailableError extends JobsDomainError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('slack_unavailable', message, undefined, options);
  }
}
