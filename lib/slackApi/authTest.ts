import type { Access } from '../workspaces/access';
import type { WorkspaceRegistry } from '../workspaces/registry';

/**
 * auth.test answered from the registry, without a job or a Slack call: Bolt and the SDKs call it
 * at start-up to learn their team and bot user. The registry keeps no team domain or bot ID, so
 * `url` opens the workspace by its ID and `bot_id` is left out.
 */
export const answerAuthTest = async (registry: Pick<WorkspaceRegistry, 'get'>, access: Access, teamId: string): Promise<Record<string, unknown>> => {
  const workspace = await registry.get(teamId, access);
  return {
    ok: true,
    url: `https://app.slack.com/client/${workspace.team_id}/`,
    team: workspace.team_name,
    user: workspace.bot_user_id,
    team_id: workspace.team_id,
    user_id: workspace.bot_user_id,
    ...(workspace.enterprise_id !== undefined && { enterprise_id: workspace.enterprise_id }),
    is_enterprise_install: false,
  };
};
