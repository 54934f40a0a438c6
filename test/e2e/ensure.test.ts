import { EXAMPLE_USER_IDS, PRIVATE_CHANNEL_ID } from '../../local/slack-emulator/state';
import { startTestStack, type TestStack } from '../helpers/e2e';

/** `POST /v1/channels/ensure` over the wire, against the Slack emulator. */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ env: { SLACK_TIMEOUT_MS: '1000', JOB_MAX_ATTEMPTS: '3' }, slackEmulator: { faults: { rate: 0, kinds: [], hangMs: 3_000 } } });
});
afterAll(() => t.stop());

const WRITES = ['conversations.create', 'conversations.setTopic', 'conversations.setPurpose', 'conversations.invite', 'conversations.kick', 'conversations.archive', 'conversations.unarchive', 'conversations.join'];
const writeCalls = () => Object.fromEntries(WRITES.map((method) => [method, t.stack.slack!.stats().calls[method] ?? 0]));
const delta = (before: Record<string, number>) => Object.fromEntries(Object.entries(writeCalls()).map(([method, n]) => [method, n - before[method]]).filter(([, n]) => n !== 0));
const users = (from: number, n: number) => Array.from({ length: n }, (_, i) => `U9${String(from + i).padStart(9, '0')}`);

const ensure = async (body: Record<string, unknown>) => {
  const submitted = await t.request('/v1/channels/ensure', { body: { callback_url: t.inbox.url, ...body } });
  expect(submitted).toMatchObject({ status: 202, body: { job_id: expect.any(String), status: 'queued', method: 'channels.ensure' } });
  return (await t.callbackFor(submitted.body.job_id, 30_000)).body as Record<string, any>;
};
const channelNamed = (name: string) => t.stack.slack!.state.findByName(name)!;
const messages = (name: string, subtype: string) => channelNamed(name).messages.filter((m) => m.subtype === subtype).length;

describe('POST /v1/channels/ensure', () => {
  const desired = { name: 'acme-account', is_private: true, topic: 'Renewal in March', purpose: 'Account team for Acme', members: users(1, 250) };

  it('makes a new channel with its topic, purpose and 250 members', async () => {
    const before = writeCalls();
    const body = await ensure(desired);
    expect(body).toMatchObject({ method: 'channels.ensure', status: 'succeeded', result: { ok: true, created: true, dry_run: false, channel: { name: 'acme-account', is_private: true, topic: 'Renewal in March', purpose: 'Account team for Acme' } } });
    expect(body.result.changes.map((c: { action: string }) => c.action)).toEqual(['create', 'set_topic', 'set_purpose', 'invite', 'invite', 'invite']);
    expect(delta(before)).toEqual({ 'conversations.create': 1, 'conversations.setTopic': 1, 'conversations.setPurpose': 1, 'conversations.invite': 3 });
    const channel = channelNamed('acme-account');
    expect(channel.isPrivate).toBe(true);
    expect(channel.members).toHaveLength(251);
  });

  it('makes no write the second time, and says so', async () => {
    const before = writeCalls();
    const body = await ensure(desired);
    expect(body).toMatchObject({ status: 'succeeded', result: { created: false, changes: [] } });
    expect(delta(before)).toEqual({});
    expect(messages('acme-account', 'channel_topic')).toBe(1);
  });

  it('changes only what differs, and removes other members when asked (never the bot)', async () => {
    const before = writeCalls();
    const body = await ensure({ ...desired, topic: 'Renewal in April', members: users(1, 200), remove_other_members: true });
    expect(body.status).toBe('succeeded');
    expect(body.result.changes.map((c: { action: string }) => c.action)).toEqual(['set_topic', ...Array(50).fill('kick')]);
    expect(body.result.changes.filter((c: { action: string }) => c.action === 'kick').map((c: { user: string }) => c.user)).toEqual(users(201, 50));
    expect(delta(before)).toEqual({ 'conversations.setTopic': 1, 'conversations.kick': 50 });
    const channel = channelNamed('acme-account');
    expect(channel.members).toHaveLength(201);
    expect(channel.members).toContain(t.stack.slack!.state.botUserId);
  });

  it('reports the plan on a dry run and changes nothing', async () => {
    const before = writeCalls();
    const existing = await ensure({ ...desired, topic: 'Something else', members: users(1, 210), archived: true, dry_run: true });
    expect(existing).toMatchObject({ status: 'succeeded', result: { dry_run: true, created: false } });
    expect(existing.result.changes).toEqual([
      { action: 'set_topic', from: 'Renewal in April', topic: 'Something else' },
      { action: 'invite', users: users(201, 10) },
      { action: 'archive' },
    ]);
    const fresh = await ensure({ name: 'not-there-yet', topic: 'T', members: [EXAMPLE_USER_IDS[0]], dry_run: true });
    expect(fresh.result).toMatchObject({ dry_run: true, created: true, changes: [{ action: 'create', name: 'not-there-yet' }, { action: 'set_topic', topic: 'T' }, { action: 'invite', users: [EXAMPLE_USER_IDS[0]] }] });
    expect(delta(before)).toEqual({});
    expect(t.stack.slack!.state.findByName('not-there-yet')).toBeUndefined();
    expect(channelNamed('acme-account').topic).toBe('Renewal in April');
  });

  it('adopts an existing channel of that name, or refuses it when told to or when its privacy differs', async () => {
    const adopted = await ensure({ name: 'project-007', purpose: 'Adopted' });
    expect(adopted).toMatchObject({ status: 'succeeded', result: { created: false, channel: { name: 'project-007', purpose: 'Adopted' }, changes: [{ action: 'set_purpose' }] } });
    const refused = await ensure({ name: 'project-008', adopt_existing: false });
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'name_taken', retryable: false } });
    const privacy = await ensure({ name: 'project-009', is_private: true });
    expect(privacy).toMatchObject({ status: 'failed', error: { code: 'name_taken', message: expect.stringContaining('public channel') } });
    const hidden = await ensure({ name: t.stack.slack!.state.conversations.get(PRIVATE_CHANNEL_ID)!.name });
    expect(hidden).toMatchObject({ status: 'succeeded' }); // the bot is in #leadership, so it sees it
  });

  it('archives and unarchives as asked', async () => {
    expect(await ensure({ name: 'acme-account', archived: true })).toMatchObject({ result: { changes: [{ action: 'archive' }], channel: { is_archived: true } } });
    expect(await ensure({ name: 'acme-account', archived: true })).toMatchObject({ result: { changes: [] } });
    expect(await ensure({ name: 'acme-account' })).toMatchObject({ result: { changes: [{ action: 'unarchive' }], channel: { is_archived: false } } });
  });

  it('does a write whose answer was lost only once, and finishes the rest', async () => {
    t.stack.slack!.script('conversations.setPurpose', ['hang_after']);
    const body = await ensure({ name: 'lost-answer', topic: 'One', purpose: 'Two', members: users(1, 5) });
    expect(body).toMatchObject({ status: 'succeeded', attempts: 2, result: { created: true, channel: { topic: 'One', purpose: 'Two' } } });
    expect(body.result.changes.map((c: { action: string }) => c.action)).toEqual(['create', 'set_topic', 'invite']);
    expect(messages('lost-answer', 'channel_purpose')).toBe(1);
    expect(messages('lost-answer', 'channel_topic')).toBe(1);
    expect(t.stack.slack!.stats().created['lost-answer']).toBe(1);
  });

  it('answers the same key with the same job, and refuses bad input before anything runs', async () => {
    const first = await t.request('/v1/channels/ensure', { body: { name: 'keyed-channel', idempotency_key: 'crm-webhook-123' } });
    const again = await t.request('/v1/channels/ensure', { body: { name: 'keyed-channel', idempotency_key: 'crm-webhook-123' } });
    expect(again).toMatchObject({ status: 200, body: { job_id: first.body.job_id, duplicate: true } });
    const bad = await t.request('/v1/channels/ensure', { body: { name: 'Bad Name', members: ['nobody'], color: 'red' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['color', 'members[0]', 'name']);
  });
});
