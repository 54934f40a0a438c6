import { MAX_ITEMS_DEFAULT } from '../jobs/constants';
import { messageGroupId } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import type { SlackOutcome } from '../slack/outcome';
import { paginate } from '../slack/paginate';
import type { SlackCall } from '../slack/slackClient';
import { findChannelCreatedByUs } from '../slack/verifyCreate';
import type { JobWorkerDeps } from './jobWorkerTypes';

/**
 * The Slack call as the worker makes it: in its group's next pacing slot, or, when that slot is
 * further off than a Lambda should sleep, not at all but as a wait for message visibility. A 429
 * pauses the group in the pacer too.
 */
export const pacedCall = (job: JobMessage, deps: JobWorkerDeps, maxWaitMs: () => number): SlackCall => async (method, args) => {
  // The same key as the FIFO group, so pacing and FIFO's one-batch-at-a-time agree.
  const group = messageGroupId({ workspace: job.workspace, method });
  const slot = await deps.pacer.acquire(group, method, maxWaitMs());
  if (!slot.acquired) return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil(slot.waitMs / 1000)), source: 'pacer' };
  const outcome = await deps.slack(method, args);
  if (outcome.kind === 'rate_limited') {
    deps.pacer.pause(group, (outcome.retryAfterSeconds ?? deps.config.rateLimitFallbackSeconds) * 1000);
  }
  return outcome;
};

const run = (job: JobMessage, slack: SlackCall): Promise<SlackOutcome> =>
  job.paginate
    ? paginate(slack, job.method, job.args as Record<string, unknown>, job.max_items ?? MAX_ITEMS_DEFAULT)
    : slack(job.method, job.args as Record<string, unknown>);

/**
 * Runs the job. A retried create that meets `name_taken` checks Slack's state first: if an earlier
 * attempt made the channel (and its answer was lost), the job succeeded, it is not a conflict.
 */
export const execute = async (job: JobMessage, slack: SlackCall, tried: boolean): Promise<SlackOutcome> => {
  const outcome = await run(job, slack);
  if (job.method !== 'conversations.create' || !tried || outcome.kind !== 'permanent' || outcome.code !== 'name_taken') {
    return outcome;
  }
  const check = await findChannelCreatedByUs(slack, String((job.args as { name: string }).name), new Date(job.enqueued_at));
  if ('failed' in check) return check.failed;
  return check.found ? { kind: 'succeeded', response: { ok: true, channel: check.found }, alreadyDone: 'created_by_earlier_attempt' } : outcome;
};

