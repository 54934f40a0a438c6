import type { Reconcile } from '../catalogue/types';
import type { SlackOutcome } from './outcome';
import type { SlackCall } from './slackClient';
import { findChannelCreatedByUs } from './verifyCreate';

/**
 * A call that met `name_taken` asks Slack's state whether the work was in fact done (an earlier
 * attempt whose answer was lost): then the job succeeded, and it is no conflict.
 */
export const reconcileNameTaken = async (
  how: Reconcile,
  call: SlackCall,
  args: Record<string, unknown>,
  job: { enqueued_at: string; tried: boolean },
  conflict: SlackOutcome,
): Promise<SlackOutcome> => {
  if (how === 'created_by_us') {
    // Only a retry can have made it: a first attempt meeting the name is a true conflict.
    if (!job.tried) return conflict;
    const check = await findChannelCreatedByUs(call, String(args.name), new Date(job.enqueued_at));
    if ('failed' in check) return check.failed;
    return check.found ? { kind: 'succeeded', response: { ok: true, channel: check.found }, alreadyDone: 'created_by_earlier_attempt' } : conflict;
  }
  // renamed: the channel already carries the name asked for.
  const info = await call('conversations.info', { channel: args.channel });
  if (info.kind !== 'succeeded') return info;
  const channel = info.response.channel as { name?: string } | undefined;
  return channel?.name === args.name ? { kind: 'succeeded', response: { ok: true, channel }, alreadyDone: 'already_named' } : conflict;
};
