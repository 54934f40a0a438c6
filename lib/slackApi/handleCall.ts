import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { isJobMethod } from '../catalogue/catalogue';
import { EnqueueFailedError, IdempotencyConflictError } from '../jobs/errors';
import { messageGroupId } from '../jobs/jobMessage';
import type { SubmitRequestDeps } from '../jobs/submit';
import { idempotencyKeySchema } from '../jobs/validate';
import { isEnded } from '../ledger/records';
import type { WorkspaceRegistry } from '../workspaces/registry';
import { answerOfJob, slackAnswer, slackError } from './answers';
import { toJobArgs } from './args';
import { authenticateSlackCall } from './auth';
import { answerAuthTest } from './authTest';
import { type Backlog, expectedWaitSeconds } from './backlog';
import { SlackApiUnavailableError, SlackApiRefusedError } from './errors';
import { readSlackParams, type SlackHttpRequest } from './params';
import { submitSlackCall } from './submitCall';
import { waitForJob } from './waitForJob';
import { resolveSlackWorkspace } from './workspace';

export interface SlackApiSettings {
  /** SLACK_PROXY_WAIT_MS: how long a request waits for its job before answering 429. */
  waitMs: number;
  /** SLACK_PROXY_REPLAY_SECONDS: how long an ended job still answers a repeat of its request. */
  replaySeconds: number;
}

export interface SlackApiDeps extends Omit<SubmitRequestDeps, 'registry'> {
  acceptedKeys: () => Promise<readonly string[]>;
  registry: Pick<WorkspaceRegistry, 'resolve' | 'get'>;
  callsPerMinute: (method: string) => number;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  settings: SlackApiSettings;
  backlog: Backlog;
}

const refusal = (error: SlackApiRefusedError) => slackError(error.error, error.extra);

/** The steps of one call; refusals are thrown as SlackApiRefusedError and answered in Slack's shape. */
const answerCall = async (methodName: string, request: SlackHttpRequest, deps: SlackApiDeps): Promise<APIGatewayProxyStructuredResultV2> => {
  const params = readSlackParams(request);
  const caller = await authenticateSlackCall(request.headers, params, deps.acceptedKeys);
  const workspace = await resolveSlackWorkspace(deps.registry, caller.access, params.team_id);
  if (methodName === 'auth.test') return slackAnswer(200, await answerAuthTest(deps.registry, caller.access, workspace));
  if (!isJobMethod(methodName)) throw new SlackApiRefusedError('unknown_method', `${methodName.slice(0, 80)} is not a method this service runs`);
  const args = toJobArgs(methodName, params);
  if (!args.ok) throw new SlackApiRefusedError('invalid_arguments', 'The arguments were refused', { response_metadata: { messages: args.messages } });
  const header = request.headers['x-idempotency-key'];
  if (header !== undefined && !idempotencyKeySchema.safeParse(header).success) {
    throw new SlackApiRefusedError('invalid_arguments', 'X-Idempotency-Key was refused', { response_metadata: { messages: ['[ERROR] X-Idempotency-Key must be 1–128 printable ASCII characters'] } });
  }

  const job = await submitSlackCall(
    { method: methodName, args: args.args, keyId: caller.keyId, ...(header !== undefined && { idempotencyKey: header }) },
    { ...deps, workspace, replaySeconds: deps.settings.replaySeconds },
  );
  const group = messageGroupId({ workspace, method: methodName });
  deps.backlog.add(group, job.job_id);
  try {
    const record = await waitForJob(deps.ledger, job.job_id, deps.settings.waitMs);
    if (record && isEnded(record.status)) return slackAnswer(200, answerOfJob(record), { 'x-job-id': job.job_id });
    // Busy, as Slack says it: the client waits Retry-After and sends the same request, which finds this job.
    const ahead = record?.status === 'running' ? 0 : deps.backlog.ahead(group, job.job_id);
    // Never past half the replay window: the client's retry must still find this job, not start another.
    const retryAfter = Math.min(expectedWaitSeconds(ahead, deps.callsPerMinute(methodName)), Math.max(1, Math.floor(deps.settings.replaySeconds / 2)));
    return slackError('ratelimited', {}, 429, { 'retry-after': String(retryAfter), 'x-job-id': job.job_id });
  } finally {
    deps.backlog.remove(group, job.job_id);
  }
};

/**
 * One call to `/slack/api/{method}`: Slack's request forms in, Slack's answer out (the job's
 * answer, a 429 while it waits its turn, or a refusal in Slack's shape).
 */
export const handleSlackApiCall = async (methodName: string, request: SlackHttpRequest, deps: SlackApiDeps): Promise<APIGatewayProxyStructuredResultV2> => {
  try {
    return await answerCall(methodName, request, deps);
  } catch (error) {
    if (error instanceof SlackApiRefusedError) return refusal(error);
    if (error instanceof SlackApiUnavailableError) {
      deps.logger.error('slack api call not taken: the workspace could not be resolved', { method: methodName, error });
      return slackError('service_unavailable', {}, 503, { 'retry-after': '5' });
    }
    if (error instanceof IdempotencyConflictError) return slackError('idempotency_key_conflict', { response_metadata: { messages: ['[ERROR] X-Idempotency-Key was used for a different request'] } });
    if (error instanceof EnqueueFailedError) {
      deps.logger.error('slack api call not queued', { method: methodName, error });
      // Nothing was queued: a 503 is what Slack's clients retry.
      return slackError('service_unavailable', {}, 503, { 'retry-after': '1' });
    }
    throw error;
  }
};
