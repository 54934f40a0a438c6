import type { Route, RequestContext } from '../http/types';
import { createBacklog } from '../slackApi/backlog';
import { handleSlackApiCall } from '../slackApi/handleCall';
import type { ApiDeps } from './deps';

/**
 * The Slack-compatible endpoint: `POST`/`GET /slack/api/{method}`, so that Slack's own clients,
 * given this base URL and an API key as their token, run through the queue. Public to the API-key
 * middleware: it answers refusals in Slack's shape (HTTP 200, `ok: false`), not the /v1 API's.
 */
export const createSlackApiRoutes = (deps: ApiDeps): Route[] => {
  const { slackApi: settings } = deps;
  const backlog = createBacklog();
  const handle =
    (verb: 'GET' | 'POST') =>
    ({ params, headers, query, rawBody }: RequestContext) =>
      handleSlackApiCall(params.method, { verb, headers, query, rawBody }, { ...deps, settings, backlog });
  return [
    { method: 'POST', path: '/slack/api/{method}', public: true, handle: handle('POST') },
    { method: 'GET', path: '/slack/api/{method}', public: true, handle: handle('GET') },
  ];
};
