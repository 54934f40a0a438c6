import type { SlackOutcome } from './outcome';
import { nextCursorOf } from './paginate';
import type { SlackCall } from './slackClient';

/** Slack's largest page: a workspace of 10,000 channels takes 11 calls. */
const LIST_PAGE = 999;

export type Found = { found: Record<string, unknown> | undefined; pages: number } | { failed: SlackOutcome };

/** Finds a public or private channel (archived too) by name, page by page, stopping at the match. */
export const findChannelByName = async (call: SlackCall, name: string): Promise<Found> => {
  let cursor = '';
  let pages = 0;
  do {
    const page = await call('conversations.list', { types: 'public_channel,private_channel', exclude_archived: false, limit: LIST_PAGE, ...(cursor && { cursor }) });
    if (page.kind !== 'succeeded') return { failed: page };
    pages += 1;
    const match = ((page.response.channels ?? []) as Record<string, unknown>[]).find((channel) => channel.name === name);
    if (match) return { found: match, pages };
    cursor = nextCursorOf(page.response);
  } while (cursor);
  return { found: undefined, pages };
};
