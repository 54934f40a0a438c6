import { entryOf, HISTORY_METHODS, type JobMethod } from '../catalogue/catalogue';
import { type EnsureContext, runEnsure } from '../provisioning/ensure';
import { ENSURE_METHOD, type EnsureArgs } from '../provisioning/ensureArgs';
import { runSweep, type SweepContext } from '../provisioning/sweep';
import { SWEEP_METHOD } from '../jobs/methods';
import { MAX_ITEMS_DEFAULT } from '../jobs/constants';
import { messageGroupId } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import type { SlackOutcome } from '../slack/outcome';
import { paginate } from '../slack/paginate';
import type { SlackCall } from '../slack/slackClient';
import { inviteInChunks } from '../slack/inviteInChunks';
import { reconcileNameTaken } from '../slack/reconcile';
import { writeIfDiffers } from '../slack/compareFirst';
import type { JobWorkerDeps } from './jobWorkerTypes';
import type { Acquired } from './pacer';

/**
 * The Slack call as the worker makes it: in its group's next pacing slot, or, when that slot is
 * further off than a Lambda should sleep, not at all but as a wait for message visibility. A 429
 * pauses the group in the pacer too, and lowers its allowance (another client shares the quota).
 */
export const pacedCall = (job: JobMessage, slack: SlackCall, deps: JobWorkerDeps, maxWaitMs: () => number): SlackCall => async (method, args) => {
  // The same key as the FIFO group, so pacing and FIFO's one-batch-at-a-time agree.
  const group = messageGroupId({ workspace: job.workspace, method });
  let slot: Acquired;
  try {
    slot = await deps.pacer.acquire(group, method, maxWaitMs());
  } catch (error) {
    // The pacing window could not be read or written (the ledger throttled, writers kept colliding):
    // no call without a slot; the job waits a few seconds like any paced one, not as a failure.
    deps.logger.warn('pacing window unavailable: the job waits', { method, error: error as Error });
    return { kind: 'rate_limited', retryAfterSeconds: 1 + Math.floor(Math.random() * 5), source: 'pacer' };
  }
  if (!slot.acquired) return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil(slot.waitMs / 1000)), source: 'pacer' };
  let outcome: SlackOutcome;
  try {
    outcome = await slack(method, args);
  } finally {
    slot.done();
  }
  if (outcome.kind !== 'rate_limited') return outcome;
  // A Retry-After of a day would stall the method for a day: no wait is longer than the cap.
  const asked = outcome.retryAfterSeconds ?? deps.config.rateLimitFallbackSeconds;
  const seconds = Math.min(asked, deps.config.rateLimitMaxWaitSeconds);
  if (seconds < asked) deps.logger.warn('Retry-After capped', { method, retry_after: asked, waiting: seconds });
  // The 429 is the outcome either way: a pacing store that cannot take it must not turn it into a crash.
  await deps.pacer.limited(group, method, seconds * 1000).catch((error: Error) => deps.logger.error('could not record a 429 in the pacing window', { method, error }));
  return { ...outcome, retryAfterSeconds: seconds };
};

export interface ExecuteOptions {
  /** Tried before (a retry, or a redelivery after a crash): Slack may already have done it. */
  tried: boolean;
  /** Largest page of history or replies Slack serves this app (15 when it is limited to 1 call a minute). */
  historyPageMax?: number;
  /** Where a multi-step operation keeps its progress and the channel names it learned. */
  provisioning?: Pick<EnsureContext, 'progress' | 'saveProgress' | 'names'>;
  /** What a sweep needs beyond Slack: the ledger and a way to queue the jobs it selects. */
  sweep?: Omit<SweepContext, 'call'>;
}

/** One pass of the job's calls, as its catalogue entry describes them. */
const run = (job: JobMessage & { method: JobMethod }, call: SlackCall, options: ExecuteOptions): Promise<SlackOutcome> => {
  const entry = entryOf(job.method);
  const { args } = job;
  if (entry.compareFirst) return writeIfDiffers(call, job.method, args, entry.compareFirst);
  if (entry.chunked) return inviteInChunks(call, job.method, args, entry.chunked.size);
  const pageMax = HISTORY_METHODS.includes(job.method) ? options.historyPageMax : undefined;
  if (job.paginate) return paginate(call, job.method, args, job.max_items ?? MAX_ITEMS_DEFAULT, pageMax);
  const limited = pageMax !== undefined && typeof args.limit === 'number' && args.limit > pageMax ? { ...args, limit: pageMax } : args;
  return call(job.method, limited);
};

/**
 * Runs the job. A call that meets `name_taken` where the catalogue says how to tell (create,
 * rename) checks Slack's state: if an earlier attempt did the work (and its answer was lost), the
 * job succeeded; it is not a conflict.
 */
export const execute = async (job: JobMessage, call: SlackCall, options: ExecuteOptions): Promise<SlackOutcome> => {
  if (job.method === ENSURE_METHOD) {
    if (!options.provisioning) throw new Error('channels.ensure needs the ledger for its progress');
    return runEnsure(job.args as EnsureArgs, { call, workspace: job.workspace, enqueuedAt: job.enqueued_at, tried: options.tried, ...options.provisioning });
  }
  if (job.method === SWEEP_METHOD) {
    if (!options.sweep) throw new Error('sweeps.run needs the ledger and the jobs queue');
    return runSweep(String(job.args.sweep_id), { call, ...options.sweep });
  }
  // A Slack-compatible call: one call, its arguments as the client sent them, Slack's answer as it came.
  if (job.raw) return call(job.method, job.args);
  const outcome = await run(job as JobMessage & { method: JobMethod }, call, options);
  const { reconcile } = entryOf(job.method);
  if (!reconcile || outcome.kind !== 'permanent' || outcome.code !== 'name_taken') return outcome;
  return reconcileNameTaken(reconcile, call, job.args, { enqueued_at: job.enqueued_at, tried: options.tried }, outcome);
};
