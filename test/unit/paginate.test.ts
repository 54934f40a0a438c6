import { paginate } from '../../lib/slack/paginate';
import type { SlackCall } from '../../lib/slack/slackClient';

/** A fake Slack holding `total` members, paged by `limit` with numeric cursors. */
const fakeMembers = (total: number, itemSize = 1) => {
  const calls: Record<string, unknown>[] = [];
  const call: SlackCall = async (_method, args) => {
    calls.push(args);
    const start = Number(args.cursor ?? 0);
    const limit = Number(args.limit);
    const members = Array.from({ length: Math.min(limit, total - start) }, (_, i) => `U${String(start + i).padStart(9, '0')}${'x'.repeat(itemSize - 1)}`);
    const next = start + limit < total ? String(start + limit) : '';
    return { kind: 'succeeded', response: { ok: true, members, response_metadata: { next_cursor: next } } };
  };
  return { call, calls };
};

describe('pagination', () => {
  it('follows next_cursor and returns the whole list in one result', async () => {
    const slack = fakeMembers(450);
    const outcome = await paginate(slack.call, 'conversations.members', { channel: 'C1' }, 10_000);
    expect(outcome.kind).toBe('succeeded');
    if (outcome.kind !== 'succeeded') return;
    expect(outcome.response.members).toHaveLength(450);
    expect(outcome.response.response_metadata).toEqual({ next_cursor: '' });
    expect(outcome.response.truncated).toBeUndefined();
    expect(slack.calls.map((c) => [c.cursor, c.limit])).toEqual([[undefined, 200], ['200', 200], ['400', 200]]);
  });

  it('stops at max_items and gives the cursor to resume from', async () => {
    const slack = fakeMembers(450);
    const outcome = await paginate(slack.call, 'conversations.members', { channel: 'C1', limit: 100 }, 250);
    if (outcome.kind !== 'succeeded') throw new Error('expected success');
    expect(outcome.response.members).toHaveLength(250);
    expect(outcome.response.truncated).toBe(true);
    expect(outcome.response.response_metadata).toEqual({ next_cursor: '250' });
    expect(slack.calls.map((c) => c.limit)).toEqual([100, 100, 50]);
  });

  it('stops before a page that would overflow one queue message, resuming at that page', async () => {
    const slack = fakeMembers(2_000, 1_000);
    const outcome = await paginate(slack.call, 'conversations.members', { channel: 'C1' }, 10_000);
    if (outcome.kind !== 'succeeded') throw new Error('expected success');
    const kept = (outcome.response.members as string[]).length;
    expect(kept).toBeLessThan(2_000);
    expect(kept % 200).toBe(0);
    expect(outcome.response.response_metadata).toEqual({ next_cursor: String(kept) });
  });

  it('returns the first failure as it is', async () => {
    const call: SlackCall = async (_m, args) =>
      args.cursor ? { kind: 'rate_limited', retryAfterSeconds: 3 } : { kind: 'succeeded', response: { ok: true, channels: [{}], response_metadata: { next_cursor: 'n' } } };
    await expect(paginate(call, 'conversations.list', {}, 100)).resolves.toEqual({ kind: 'rate_limited', retryAfterSeconds: 3 });
  });
});
