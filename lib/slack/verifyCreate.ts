import type { SlackCall } from './slackClient';
import type { SlackOutcome } from './outcome';
import { nextCursorOf } from './paginate';

/** Allowance for clock skew between this service and Slack when comparing `created`. */
const SKEW_SECONDS = 60;
const LIST_PAGE = 999;

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
  let cursor = '';
  do {
    const page = await call('conversations.list', {
      types: 'public_channel,private_channel',
      exclude_archived: false,
      limit: LIST_PAGE,
      ...(cursor && { cursor }),
    });
    if (page.kind !== 'succeeded') return { failed: page };
    const channels = (page.response.channels ?? []) as Record<string, unknown>[];
    const match = channels.find((channel) => channel.name === name);
    if (match) {
      const createdByUs = match.creator === botUserId && Number(match.created) >= since.getTime() / 1000 - SKEW_SECONDS;
      return { found: createdByUs ? match : undefined };
    }
    cursor = nextCursorOf(page.response);
  } while (cursor);
  return { found: undefined };
};
