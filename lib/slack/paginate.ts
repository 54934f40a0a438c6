import { entryOf, type JobMethod } from '../catalogue/catalogue';
import type { SlackCall } from './slackClient';
import type { SlackOutcome, SlackResponse } from './outcome';

export const DEFAULT_PAGE_SIZE = 200;
/** Keeps a whole result inside one queue message (SQS takes up to 1 MiB) with room for the envelope. */
export const RESULT_MAX_BYTES = 900_000;

/** Slack's cursor for the next page; empty when there is none. */
export const nextCursorOf = (response: SlackResponse): string =>
  (response.response_metadata as { next_cursor?: string } | undefined)?.next_cursor ?? '';

/**
 * Follows `next_cursor` and gathers every page's items into one response, up to `maxItems` items
 * or the size budget. Pages are asked no larger than what is still wanted, and a page that would
 * break the size budget is left out whole, so `response_metadata.next_cursor` is always exactly
 * where to resume; `truncated: true` says it stopped early.
 */
export const paginate = async (
  call: SlackCall,
  method: JobMethod,
  args: Record<string, unknown>,
  maxItems: number,
  pageMax?: number,
): Promise<SlackOutcome> => {
  const { pagination } = entryOf(method);
  if (!pagination) return call(method, args);
  const { itemsKey, pageSizeArg = 'limit' } = pagination;
  const pageSize = Math.min((args[pageSizeArg] as number | undefined) ?? DEFAULT_PAGE_SIZE, pageMax ?? Number.POSITIVE_INFINITY);
  const items: unknown[] = [];
  let bytes = 0;
  let pages = 0;
  let cursor = (args.cursor as string | undefined) ?? '';
  let last: SlackResponse | undefined;
  const result = (truncated: boolean): SlackOutcome => ({
    kind: 'succeeded',
    response: { ...last, ok: true, [itemsKey]: items, pages, ...(truncated && { truncated }), response_metadata: { next_cursor: truncated ? cursor : '' } },
  });
  for (;;) {
    const outcome = await call(method, { ...args, [pageSizeArg]: Math.min(pageSize, maxItems - items.length), ...(cursor && { cursor }) });
    if (outcome.kind !== 'succeeded') return outcome;
    const pageItems = (outcome.response[itemsKey] as unknown[] | undefined) ?? [];
    const pageBytes = pageItems.reduce<number>((sum, item) => sum + JSON.stringify(item).length + 1, 0);
    if (bytes + pageBytes > RESULT_MAX_BYTES) return result(true);
    last = outcome.response;
    pages += 1;
    items.push(...pageItems.slice(0, maxItems - items.length));
    bytes += pageBytes;
    cursor = nextCursorOf(last);
    if (!cursor) return result(false);
    if (items.length >= maxItems) return result(true);
  }
};
