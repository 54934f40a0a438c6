import middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { submitBatch, submitJob, type SubmitDeps } from '../jobs/submit';
import { apiKeyAuth, errorHandler, jsonBody, routeMatcher } from '../http/middleware';
import { jsonResponse } from '../http/responses';
import type { ApiEvent, ApiResult, Route } from '../http/types';

export const MAX_BODY_BYTES = 1024 * 1024;

export interface ApiDeps extends SubmitDeps {
  acceptedKeys: () => Promise<readonly string[]>;
  logger: Logger;
}

export const createRoutes = (deps: ApiDeps): Route[] => [
  { method: 'GET', path: '/healthz', public: true, handle: async () => jsonResponse(200, { status: 'ok' }) },
  {
    method: 'POST',
    path: '/v1/jobs',
    json: true,
    handle: async (body) => {
      const job = await submitJob(body, deps);
      deps.logger.info('job queued', { job_id: job.job_id, method: job.method });
      return jsonResponse(202, job);
    },
  },
  {
    method: 'POST',
    path: '/v1/jobs/batch',
    json: true,
    handle: async (body) => {
      const jobs = await submitBatch(body, deps);
      deps.logger.info('batch queued', { jobs: jobs.length });
      return jsonResponse(202, { jobs: jobs.map(({ job_id, status }) => ({ job_id, status })) });
    },
  },
];

/** The HTTP API: routing, auth, body parsing and error shaping around the job submission functions. */
export const createApiHandler = (deps: ApiDeps) =>
  middy<ApiEvent, ApiResult>()
    .use(errorHandler(deps.logger))
    .use(routeMatcher(createRoutes(deps)))
    .use(apiKeyAuth(deps.acceptedKeys))
    .use(jsonBody(MAX_BODY_BYTES))
    .handler(async (event) => event.route!.handle(event.parsedBody));
