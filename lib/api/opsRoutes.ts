import { NotFoundError } from '../http/errors';
import { jsonResponse } from '../http/responses';
import type { ApiResult, RequestContext, Route } from '../http/types';
import { deleteDeadLetter, listDeadLetters, parseRedriveBody, redriveDeadLetters } from '../ops/dlq';
import { listBatches, listJobs } from '../ops/listing';
import { buildOverview } from '../ops/overview';
import { createQueueDirectory, queueNamed } from '../ops/queues';
import { uiAsset, uiHeaders } from '../ops/uiAssets';
import { accessOf } from './access';
import { assertAdmin } from '../workspaces/access';
import type { ApiDeps } from './deps';


/**
 * The DLQs are shared by every workspace, and peeking hides messages for a moment: admin keys only,
 * so one tenant can neither see nor hold up another's dead letters.
 */
const adminOnly = (caller: RequestContext['caller']) => {
  const access = accessOf(caller);
  assertAdmin(access, 'see or act on dead letters');
  return access;
};

/** A dashboard file, or 304 when the browser's copy is current. */
const serveUi = (name: string, request: RequestContext): ApiResult => {
  const asset = uiAsset(name);
  if (!asset) throw new NotFoundError(`/ui/${name}`);
  const headers = uiHeaders(asset);
  if (request.headers['if-none-match'] === asset.etag) return { statusCode: 304, headers, body: '' };
  return { statusCode: 200, headers, body: asset.body };
};

/** Operator routes: overview, listings and the DLQs (API key), and the dashboard's files (public; it asks for a key). */
export const createOpsRoutes = (deps: ApiDeps): Route[] => {
  const queues = createQueueDirectory(deps);
  return [
    { method: 'GET', path: '/v1/overview', handle: async (request) => jsonResponse(200, await buildOverview(accessOf(request.caller), deps, queues)) },
    { method: 'GET', path: '/v1/jobs', handle: async (request) => jsonResponse(200, await listJobs(accessOf(request.caller), request.query, deps)) },
    { method: 'GET', path: '/v1/batches', handle: async (request) => jsonResponse(200, await listBatches(accessOf(request.caller), request.query, deps)) },
    {
      method: 'GET',
      path: '/v1/dlq/{queue}',
      handle: async (request) => jsonResponse(200, await listDeadLetters(queueNamed(request.params.queue), adminOnly(request.caller), request.query, deps, queues)),
    },
    {
      // The body is optional, so it is parsed here rather than by the JSON middleware (which requires one).
      method: 'POST',
      path: '/v1/dlq/{queue}/redrive',
      handle: async (request) => {
        const queue = queueNamed(request.params.queue);
        const result = await redriveDeadLetters(queue, adminOnly(request.caller), parseRedriveBody(request.rawBody), deps, queues);
        deps.logger.info('dead letters redriven', { queue, ...result, caller: request.caller?.keyId });
        return jsonResponse(200, result);
      },
    },
    {
      method: 'DELETE',
      path: '/v1/dlq/{queue}/messages/{message_id}',
      handle: async (request) => {
        const queue = queueNamed(request.params.queue);
        const result = await deleteDeadLetter(queue, request.params.message_id, adminOnly(request.caller), deps, queues);
        deps.logger.info('dead letter deleted', { queue, message_id: request.params.message_id, caller: request.caller?.keyId });
        return jsonResponse(200, result);
      },
    },
    // `/ui` and `/ui/` are the page; its files use absolute paths, so both work.
    { method: 'GET', path: '/ui', public: true, handle: async (request) => serveUi('index.html', request) },
    { method: 'GET', path: '/ui/{asset}', public: true, handle: async (request) => serveUi(request.params.asset, request) },
  ];
};
