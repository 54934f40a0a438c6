import middy from '@middy/core';
import { cancelBatch, cancelJob, getBatch, getJob, listBatchJobs, redeliverCallback } from '../jobs/manage';
import { type SubmittedJob, submitBatch, submitJob } from '../jobs/submit';
import { type ApiDeps, MAX_BODY_BYTES } from './deps';
import { createOpsRoutes } from './opsRoutes';
import { accessOf } from './access';
import { createWorkspaceRoutes } from './workspaceRoutes';
import { createSlackApiRoutes } from './slackApiRoutes';
import type { Access } from '../workspaces/access';
import { submitEnsure } from '../provisioning/submitEnsure';
import { getSweep, submitSweep } from '../provisioning/submitSweep';
import { apiKeyAuth, errorHandler, jsonBody, routeMatcher } from '../http/middleware';
import { jsonResponse } from '../http/responses';
import type { ApiEvent, ApiResult, Route } from '../http/types';


/** A route that queues one job: 202 when queued, 200 when its idempotency key named an earlier job. */
const oneJobRoute = (path: string, submit: (body: unknown, deps: ApiDeps, access: Access) => Promise<SubmittedJob>, noun: string, deps: ApiDeps): Route => ({
  method: 'POST',
  path,
  json: true,
  handle: async ({ body, caller }) => {
    const job = await submit(body, deps, accessOf(caller));
    deps.logger.info(job.duplicate ? `duplicate ${noun} request` : `${noun} queued`, { job_id: job.job_id, method: job.method, caller: caller?.keyId });
    return jsonResponse(job.duplicate ? 200 : 202, job);
  },
});

export const createRoutes = (deps: ApiDeps): Route[] => [
  { method: 'GET', path: '/healthz', public: true, handle: async () => jsonResponse(200, { status: 'ok' }) },
  oneJobRoute('/v1/jobs', submitJob, 'job', deps),
  {
    method: 'POST',
    path: '/v1/jobs/batch',
    json: true,
    handle: async ({ body, caller }) => {
      const batch = await submitBatch(body, deps, accessOf(caller));
      deps.logger.info('batch queued', { batch_id: batch.batch_id, jobs: batch.jobs.length, caller: caller?.keyId });
      return jsonResponse(202, {
        batch_id: batch.batch_id,
        jobs: batch.jobs.map(({ job_id, status, duplicate }) => ({ job_id, status, ...(duplicate && { duplicate }) })),
      });
    },
  },
  oneJobRoute('/v1/channels/ensure', submitEnsure, 'ensure', deps),
  {
    method: 'POST',
    path: '/v1/sweeps',
    json: true,
    handle: async ({ body, caller }) => {
      const sweep = await submitSweep(body, deps, accessOf(caller));
      deps.logger.info('sweep queued', { sweep_id: sweep.sweep_id, batch_id: sweep.batch_id, caller: caller?.keyId });
      return jsonResponse(202, sweep);
    },
  },
  { method: 'GET', path: '/v1/sweeps/{sweep_id}', handle: async ({ params, caller }) => jsonResponse(200, await getSweep(params.sweep_id, deps, accessOf(caller))) },
  { method: 'GET', path: '/v1/jobs/{job_id}', handle: async ({ params, caller }) => jsonResponse(200, await getJob(params.job_id, deps, accessOf(caller))) },
  { method: 'POST', path: '/v1/jobs/{job_id}/cancel', handle: async ({ params, caller }) => jsonResponse(200, await cancelJob(params.job_id, deps, accessOf(caller))) },
  {
    method: 'POST',
    path: '/v1/jobs/{job_id}/callback/redeliver',
    handle: async ({ params, caller }) => jsonResponse(202, await redeliverCallback(params.job_id, deps, accessOf(caller))),
  },
  { method: 'GET', path: '/v1/batches/{batch_id}', handle: async ({ params, caller }) => jsonResponse(200, await getBatch(params.batch_id, deps, accessOf(caller))) },
  {
    method: 'GET',
    path: '/v1/batches/{batch_id}/jobs',
    handle: async ({ params, query, caller }) => jsonResponse(200, await listBatchJobs(params.batch_id, query, deps, accessOf(caller))),
  },
  { method: 'POST', path: '/v1/batches/{batch_id}/cancel', handle: async ({ params, caller }) => jsonResponse(200, await cancelBatch(params.batch_id, deps, accessOf(caller))) },
  ...createWorkspaceRoutes(deps),
  ...createOpsRoutes(deps),
  ...createSlackApiRoutes(deps),
];

/** The HTTP API: routing, auth, body parsing and error shaping around the jobs functions. */
export const createApiHandler = (deps: ApiDeps) =>
  middy<ApiEvent, ApiResult>()
    .use(errorHandler(deps.logger))
    .use(routeMatcher(createRoutes(deps)))
    .use(apiKeyAuth(deps.acceptedKeys))
    .use(jsonBody(MAX_BODY_BYTES))
    .handler(async (event) => {
      // routeMatcher has set the route or answered 404/405 already.
      if (!event.route) throw new Error('no route was matched');
      return event.route.handle({
        caller: event.caller,
        params: event.params ?? {},
        query: event.queryStringParameters ?? {},
        body: event.parsedBody,
        // API Gateway (payload 2.0) moves cookies out of the headers.
        headers: { ...event.headers, ...(event.cookies && { cookie: event.cookies.join('; ') }) },
        rawBody: event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? ''),
      });
    });
