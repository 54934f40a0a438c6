import { EXAMPLE_USER_IDS } from '../../local/slack-emulator/state';
import { eventually, startTestStack, type TestStack } from '../helpers/e2e';

/** `POST /v1/sweeps` over the wire: list, select, one job per match in a batch; dry run; cancel. */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
  const state = t.stack.slack!.state;
  for (let i = 0; i < 50; i += 1) state.createChannel(`sweep-old-${String(i).padStart(3, '0')}`, false);
  for (let i = 0; i < 150; i += 1) state.createChannel(`sweep-new-${String(i).padStart(3, '0')}`, false);
  for (let i = 0; i < 120; i += 1) state.createChannel(`sweep-slow-${String(i).padStart(3, '0')}`, false);
});
afterAll(() => t.stop());

const archived = (prefix: string) => [...t.stack.slack!.state.conversations.values()].filter((c) => c.name.startsWith(prefix) && c.isArchived).length;
const sweepUntil = (id: string, statuses: string[]) =>
  eventually(async () => {
    const res = await t.request(`/v1/sweeps/${id}`);
    return statuses.includes(res.body.status) ? res.body : undefined;
  });

describe('POST /v1/sweeps', () => {
  it('shows on a dry run exactly what the real run will touch, and changes nothing', async () => {
    const before = t.stack.slack!.stats().calls['conversations.archive'] ?? 0;
    const res = await t.request('/v1/sweeps', { body: { action: 'conversations.archive', select: { name_prefix: 'sweep-old-' }, dry_run: true } });
    expect(res).toMatchObject({ status: 202, body: { sweep_id: expect.any(String), batch_id: expect.any(String), status: 'listing' } });
    const done = await sweepUntil(res.body.sweep_id, ['done']);
    expect(done).toMatchObject({ dry_run: true, matched: 50, action: 'conversations.archive' });
    expect(done.scanned).toBeGreaterThanOrEqual(320);
    expect(done.matches.map((m: { name: string }) => m.name).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `sweep-old-${String(i).padStart(3, '0')}`));
    expect((t.stack.slack!.stats().calls['conversations.archive'] ?? 0) - before).toBe(0);
    expect((await t.request(`/v1/batches/${res.body.batch_id}`)).body).toMatchObject({ total: 0, done: true });
  });

  it('archives the 50 of 200 channels the prefix selects, one job each in its batch', async () => {
    const res = await t.request('/v1/sweeps', { body: { action: 'conversations.archive', select: { name_prefix: 'sweep-old-', exclude_archived: true }, callback_url: t.inbox.url, batch_callback_url: t.inbox.url } });
    expect(res.status).toBe(202);
    const batch = await eventually(async () => {
      const b = await t.request(`/v1/batches/${res.body.batch_id}`);
      return b.body.done ? b.body : undefined;
    });
    expect(batch).toMatchObject({ total: 50, counts: { succeeded: 50, failed: 0, cancelled: 0 } });
    expect(archived('sweep-old-')).toBe(50);
    expect(archived('sweep-new-')).toBe(0);
    expect(await sweepUntil(res.body.sweep_id, ['done'])).toMatchObject({ status: 'done', matched: 50 });
    const completed = await t.callbackFor(res.body.batch_id);
    expect(completed.body).toMatchObject({ type: 'batch.completed', total: 50, counts: { succeeded: 50 } });
    const jobs = await t.request(`/v1/batches/${res.body.batch_id}/jobs?limit=5`);
    expect(jobs.body.jobs[0]).toMatchObject({ method: 'conversations.archive', status: 'succeeded', idempotency_key: expect.stringMatching(new RegExp(`^sweep:${res.body.sweep_id}:C`)) });
  });

  it('stops when its batch is cancelled half-way', async () => {
    const res = await t.request('/v1/sweeps', { body: { action: 'conversations.archive', select: { name_pattern: '^sweep-slow-\\d+$' } } });
    await eventually(async () => ((await t.request(`/v1/batches/${res.body.batch_id}`)).body.counts.succeeded >= 10 ? true : undefined));
    const cancel = await t.request(`/v1/batches/${res.body.batch_id}/cancel`, { method: 'POST' });
    expect(cancel.status).toBe(200);
    expect(cancel.body.cancelled).toBeGreaterThan(0);
    const batch = await eventually(async () => {
      const b = await t.request(`/v1/batches/${res.body.batch_id}`);
      return b.body.done ? b.body : undefined;
    });
    expect(batch.counts.cancelled).toBeGreaterThan(0);
    expect(batch.counts.succeeded + batch.counts.cancelled).toBe(batch.total);
    expect(archived('sweep-slow-')).toBe(batch.counts.succeeded);
    expect(archived('sweep-slow-')).toBeLessThan(120);
    expect((await t.request(`/v1/sweeps/${res.body.sweep_id}`)).body.status).toBe('cancelled');
  });

  it('invites users into every selected channel, with the action’s own arguments', async () => {
    const res = await t.request('/v1/sweeps', { body: { action: 'conversations.invite', select: { name_prefix: 'sweep-new-00' }, args: { users: [EXAMPLE_USER_IDS[0]] } } });
    const batch = await eventually(async () => {
      const b = await t.request(`/v1/batches/${res.body.batch_id}`);
      return b.body.done ? b.body : undefined;
    });
    expect(batch).toMatchObject({ total: 10, counts: { succeeded: 10 } });
    const channel = t.stack.slack!.state.findByName('sweep-new-003')!;
    expect(channel.members).toContain(EXAMPLE_USER_IDS[0]);
  });

  it.each([
    [{ action: 'conversations.delete', select: {} }, 'action'],
    [{ action: 'conversations.archive', select: { name_pattern: '([a-z' } }, 'select.name_pattern'],
    [{ action: 'conversations.archive', select: { colour: 'red' } }, 'select.colour'],
    [{ action: 'conversations.archive', select: { created_before: 'last week' } }, 'select.created_before'],
    [{ action: 'conversations.invite', select: {} }, 'args.users'],
    [{ action: 'conversations.archive', select: {}, args: { channel: 'C0123456789' } }, 'args.channel'],
    [{ action: 'conversations.setTopic', select: {}, args: { topic: 'x'.repeat(251) } }, 'args.topic'],
  ])('refuses %j with a 400 naming %s, and starts nothing', async (body, path) => {
    const res = await t.request('/v1/sweeps', { body });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('answers 404 for an unknown sweep', async () => {
    expect((await t.request('/v1/sweeps/nope')).body.error.code).toBe('sweep_not_found');
  });
});
