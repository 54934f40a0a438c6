import type { Route } from '../http/types';
import { jsonResponse } from '../http/responses';
import { assertAdmin } from '../workspaces/access';
import { parseRegistration } from '../workspaces/registry';
import { InstallRefusedError } from '../workspaces/oauth';
import { accessOf } from './access';
import type { ApiDeps } from './deps';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const htmlPage = (statusCode: number, title: string, text: string) => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'" },
  body: `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p>`,
});

/** Where Slack sends the browser back: SLACK_REDIRECT_URI, else this API's own /slack/oauth_redirect. */
const redirectUriFor = (deps: ApiDeps, headers: Record<string, string | undefined>) =>
  deps.installRedirectUri ?? `${headers['x-forwarded-proto'] ?? 'https'}://${headers.host ?? 'localhost'}/slack/oauth_redirect`;

/** The workspace registry (admin keys manage it; a scoped key sees its own) and Slack's install flow. */
export const createWorkspaceRoutes = (deps: ApiDeps): Route[] => [
  {
    method: 'GET',
    path: '/v1/workspaces',
    handle: async ({ caller }) => jsonResponse(200, { workspaces: await deps.registry.list(accessOf(caller)) }),
  },
  {
    method: 'GET',
    path: '/v1/workspaces/{team_id}',
    handle: async ({ params, caller }) => jsonResponse(200, await deps.registry.get(params.team_id, accessOf(caller))),
  },
  {
    method: 'PUT',
    path: '/v1/workspaces/{team_id}',
    json: true,
    handle: async ({ params, body, caller }) => {
      assertAdmin(accessOf(caller), 'register workspaces');
      const { teamId, token } = parseRegistration(params.team_id, body);
      const workspace = await deps.registry.register(teamId, token, 'api');
      deps.logger.info('workspace registered', { team_id: workspace.team_id, caller: caller?.keyId });
      return jsonResponse(200, workspace);
    },
  },
  {
    method: 'DELETE',
    path: '/v1/workspaces/{team_id}',
    handle: async ({ params, caller }) => {
      assertAdmin(accessOf(caller), 'remove workspaces');
      await deps.registry.remove(params.team_id);
      deps.logger.info('workspace removed', { team_id: params.team_id, caller: caller?.keyId });
      return jsonResponse(200, { team_id: params.team_id, deleted: true });
    },
  },
  {
    method: 'GET',
    path: '/slack/install',
    public: true,
    handle: async ({ headers, query }) => {
      if (!deps.install) return htmlPage(404, 'Install is not enabled', 'Set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to enable "Add to Slack".');
      const team = query.team !== undefined && /^[TE][A-Z0-9]{2,31}$/.test(query.team) ? query.team : undefined;
      const { location, state } = await deps.install.start(redirectUriFor(deps, headers), team);
      const secure = redirectUriFor(deps, headers).startsWith('https:') ? '; Secure' : '';
      return {
        statusCode: 302,
        headers: { location, 'cache-control': 'no-store' },
        cookies: [`${deps.install.cookieName}=${state}; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=${deps.install.maxAgeSeconds}${secure}`],
        body: '',
      };
    },
  },
  {
    method: 'GET',
    path: '/slack/oauth_redirect',
    public: true,
    handle: async ({ headers, query }) => {
      if (!deps.install) return htmlPage(404, 'Install is not enabled', 'This deployment has no Slack app credentials.');
      try {
        const workspace = await deps.install.finish(query, headers.cookie, redirectUriFor(deps, headers));
        deps.logger.info('workspace installed', { team_id: workspace.team_id });
        // The state is spent: its cookie goes.
        const spent = `${deps.install.cookieName}=; Path=/slack; HttpOnly; SameSite=Lax; Max-Age=0`;
        return { ...htmlPage(200, 'Installed', `The app is installed in ${workspace.team_name || workspace.team_id} (${workspace.team_id}).`), cookies: [spent] };
      } catch (error) {
        if (error instanceof InstallRefusedError || (error as { code?: string }).code === 'validation_failed') {
          deps.logger.warn('install refused', { reason: (error as Error).message });
          return htmlPage(400, 'Install failed', (error as Error).message);
        }
        throw error;
      }
    },
  },
];
