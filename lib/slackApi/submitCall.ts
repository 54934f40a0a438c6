import type { JobMethod } from '../catalogue/catalogue';
import { acceptJobs, type SubmitDeps, type SubmittedJob } from '../jobs/submit';
import { requestHash } from '../jobs/requestHash';
import type { JobRequest } from '../jobs/types';
import { isEnded } from '../ledger/records';
import { REPLAY_KEY_PREFIX } from '../jobs/views';

export interface SlackCall {
  method: JobMethod;
  args: Record<string, unknown>;
  /** Who called (a digest of the API key): another key's same request is its own job. */
  keyId: string;
  /** An X-Idempotency-Key header: the /v1 rules (the job's idempotency key, for its TTL). */
  idempotencyKey?: string;
}

export interface SubmitCallDeps extends SubmitDeps {
  /** How long after its job ended a repeat is still answered from it. */
  replaySeconds: number;
}

/**
 * The claim that makes a repeat of a request find its job: Slack's clients send the very same
 * request again after a 429, and it must not become a second Slack call. Per workspace (the claim's
 * scope), key, method and arguments.
 */
export const replayKey = (keyId: string, request: Pick<JobRequest, 'method' | 'args'>): string => `${REPLAY_KEY_PREFIX}${keyId}:${requestHash({ method: request.method, args: request.args, raw: true })}`;

/** The job request of a call: one raw Slack call whose answer is Slack's. */
export const jobRequestOf = (call: SlackCall): JobRequest => ({
  method: call.method,
  args: call.args,
  raw: true,
  idempotency_key: call.idempotencyKey ?? replayKey(call.keyId, call),
});

/**
 * Queues the call as a job, or finds the job of the same request: one still queued or running, or
 * one that ended less than `replaySeconds` ago. An older ended job's claim is given back and the
 * request runs again (a deliberate repeat, say a second conversations.info a minute later).
 * With an X-Idempotency-Key the /v1 rules hold instead: the key names its job for its whole TTL.
 */
export const submitSlackCall = async (call: SlackCall, deps: SubmitCallDeps): Promise<SubmittedJob> => {
  const request = jobRequestOf(call);
  const [job] = await acceptJobs([request], deps);
  if (!job.duplicate || call.idempotencyKey !== undefined) return job;
  const record = await deps.ledger.jobs.get(job.job_id, { withResult: false });
  if (!record || !isEnded(record.status)) return job;
  const endedAt = Date.parse(record.completed_at ?? record.enqueued_at);
  const now = (deps.now ?? (() => new Date()))().getTime();
  if (now - endedAt < deps.replaySeconds * 1000) return job;
  // Released only if it still names that job: a concurrent repeat may have renewed it already.
  await deps.ledger.idempotency.release(deps.workspace, String(request.idempotency_key), job.job_id);
  const [again] = await acceptJobs([request], deps);
  return again;
};
