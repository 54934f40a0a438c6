import { findChannelByName } from './findChannel';
import type { SlackOutcome } from './outcome';
import type { SlackCall } from './slackClient';

/** Allowance for clock skew between this service and Slack when comparing `created`. */
const SKEW_SECONDS = 60;

export type Verification = { found: Record<string, unknown> } | { found: undefined } | { failed: SlackOutcome };

/**
 * After `name_taken` on a retried conversations.create, checks Slack's state: a channel of that
 * name created by this bot since the job was queued means an earlier attempt did the work (its
 * answer was lost), so the job succeeded and must not be reported as a conflict.
 */
export const findChannelCreatedByUs = async (call: SlackCall, name: string, since: Date): Promise<Verification> => {
  const auth = await call('auth.test', {});
  if (auth.kind !== 'succeeded') return { failed: auth };
  const botUserId = auth.response.user_id;
  const result = await findChannelByName(call, name);
  if ('failed' in result) return result;
  const match = result.found;
  const createdByUs = match !== undefined && match.creator === botUserId && Number(match.created) >= since.getTime() / 1000 - SKEW_SECONDS;
  return { found: createdByUs ? match : undefined };
};
