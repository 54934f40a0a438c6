import { JOB_METHODS } from '../../lib/catalogue/catalogue';
import {
  ARCHIVED_CHANNEL_ID,
  EXAMPLE_USER_IDS,
  EXTERNAL_TEAM_ID,
  GENERAL_CHANNEL_ID,
  GENERAL_MESSAGES,
  INCOMING_INVITE_ID,
  INVITE_REQUEST_IDS,
  OUTGOING_INVITE_ID,
  PRIVATE_CHANNEL_ID,
  RANDOM_CHANNEL_ID,
  SHARED_CHANNEL_ID,
  THREAD_REPLIES,
  THREAD_TS,
} from '../../local/slack-emulator/state';
import { startTestStack, type TestStack } from '../helpers/e2e';

/**
 * Every conversations.* method, as a job over the wire: HTTP → SQS → worker → Slack emulator →
 * signed callback, with the "already done" answers, the compare-before-write topics, the chunked
 * invite and the rename whose answer was lost.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ env: { SLACK_TIMEOUT_MS: '1000', JOB_MAX_ATTEMPTS: '3' }, slackEmulator: { faults: { rate: 0, kinds: [], hangMs: 3_000 } } });
});
afterAll(() => t.stop());

const ran = new Set<string>();
const calls = (method: string) => t.stack.slack!.stats().calls[method] ?? 0;
const run = async (method: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
  const submitted = await t.submit({ method, args, ...extra });
  expect(submitted.status).toBe(202);
  const callback = await t.callbackFor(submitted.body.job_id, 30_000);
  ran.add(method);
  return callback.body as Record<string, any>;
};
const newChannel = async (name: string) => (await run('conversations.create', { name })).result.channel.id as string;

describe('channel lifecycle', () => {
  it('archives and unarchives; doing either again is already done', async () => {
    const id = await newChannel('cat-archive');
    expect(await run('conversations.archive', { channel: id })).toMatchObject({ status: 'succeeded', result: { ok: true } });
    expect(await run('conversations.archive', { channel: id })).toMatchObject({ status: 'succeeded', already_done: 'already_archived' });
    expect(await run('conversations.unarchive', { channel: id })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.unarchive', { channel: id })).toMatchObject({ status: 'succeeded', already_done: 'not_archived' });
    expect(await run('conversations.archive', { channel: GENERAL_CHANNEL_ID })).toMatchObject({ status: 'failed', error: { code: 'cant_archive_general', retryable: false } });
  });

  it('renames, and a rename whose answer was lost is not reported as name_taken', async () => {
    const id = await newChannel('cat-rename');
    expect(await run('conversations.rename', { channel: id, name: 'cat-renamed' })).toMatchObject({ status: 'succeeded', result: { channel: { name: 'cat-renamed' } } });
    t.stack.slack!.script('conversations.rename', ['hang_after']);
    const lost = await run('conversations.rename', { channel: id, name: 'cat-renamed-again' });
    expect(lost).toMatchObject({ status: 'succeeded', attempts: 2, already_done: 'already_named', result: { channel: { id, name: 'cat-renamed-again' } } });
    const other = await newChannel('cat-other');
    expect(await run('conversations.rename', { channel: other, name: 'cat-renamed-again' })).toMatchObject({ status: 'failed', error: { code: 'name_taken' } });
  });

  it('sets a topic and a purpose once: the same value again reads first and writes nothing', async () => {
    const id = await newChannel('cat-topic');
    const before = calls('conversations.setTopic');
    const first = await run('conversations.setTopic', { channel: id, topic: 'Renewals for Acme' });
    const second = await run('conversations.setTopic', { channel: id, topic: 'Renewals for Acme' });
    expect(first).toMatchObject({ status: 'succeeded', result: { channel: { topic: { value: 'Renewals for Acme' } } } });
    expect(first.already_done).toBeUndefined();
    expect(second).toMatchObject({ status: 'succeeded', already_done: 'topic_unchanged', result: { channel: { topic: { value: 'Renewals for Acme' } } } });
    expect(calls('conversations.setTopic') - before).toBe(1);
    const conversation = t.stack.slack!.state.conversations.get(id)!;
    expect(conversation.messages.filter((m) => m.subtype === 'channel_topic')).toHaveLength(1);

    expect(await run('conversations.setPurpose', { channel: id, purpose: 'Account team' })).toMatchObject({ status: 'succeeded', result: { channel: { purpose: { value: 'Account team' } } } });
    expect(await run('conversations.setPurpose', { channel: id, purpose: 'Account team' })).toMatchObject({ already_done: 'purpose_unchanged' });
    expect(conversation.messages.filter((m) => m.subtype === 'channel_purpose')).toHaveLength(1);
  });

  it('joins, and joining again is already done (Slack’s warning)', async () => {
    const id = await newChannel('cat-join');
    await run('conversations.leave', { channel: id });
    expect(await run('conversations.join', { channel: id })).toMatchObject({ status: 'succeeded', result: { channel: { id } } });
    expect(await run('conversations.join', { channel: id })).toMatchObject({ status: 'succeeded', already_done: 'already_in_channel' });
    expect(await run('conversations.join', { channel: PRIVATE_CHANNEL_ID })).toMatchObject({ status: 'failed', error: { code: 'method_not_supported_for_channel_type' } });
  });

  it('kicks, and kicking someone not there is already done', async () => {
    const id = await newChannel('cat-kick');
    await run('conversations.invite', { channel: id, users: [EXAMPLE_USER_IDS[0]] });
    expect(await run('conversations.kick', { channel: id, user: EXAMPLE_USER_IDS[0] })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.kick', { channel: id, user: EXAMPLE_USER_IDS[0] })).toMatchObject({ status: 'succeeded', already_done: 'not_in_channel' });
  });

  it('marks the read cursor', async () => {
    expect(await run('conversations.mark', { channel: GENERAL_CHANNEL_ID, ts: THREAD_TS })).toMatchObject({ status: 'succeeded' });
    expect(t.stack.slack!.state.conversations.get(GENERAL_CHANNEL_ID)!.lastRead).toBe(THREAD_TS);
  });

  it('closes a direct message, and closing it again is already done', async () => {
    const opened = await run('conversations.open', { users: [EXAMPLE_USER_IDS[1]] });
    const id = opened.result.channel.id;
    expect(await run('conversations.close', { channel: id })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.close', { channel: id })).toMatchObject({ status: 'succeeded', already_done: 'already_closed' });
    expect(await run('conversations.close', { channel: RANDOM_CHANNEL_ID })).toMatchObject({ status: 'failed', error: { code: 'method_not_supported_for_channel_type' } });
  });

  it('refuses to leave or write to an archived channel, permanently', async () => {
    expect(await run('conversations.setTopic', { channel: ARCHIVED_CHANNEL_ID, topic: 'x' })).toMatchObject({ status: 'failed', error: { code: 'is_archived' } });
  });
});

describe('invite', () => {
  const users = (from: number, n: number) => Array.from({ length: n }, (_, i) => `U9${String(from + i).padStart(9, '0')}`);

  it('invites 250 users in 3 paced calls of at most 100, and a repeat makes no write', async () => {
    const id = await newChannel('cat-invite-250');
    const before = calls('conversations.invite');
    const body = await run('conversations.invite', { channel: id, users: users(1, 250) });
    expect(calls('conversations.invite') - before).toBe(3);
    expect(body).toMatchObject({ status: 'succeeded', result: { ok: true, already_in_channel: [], failed: [] } });
    expect(body.result.invited).toHaveLength(250);
    expect(t.stack.slack!.state.conversations.get(id)!.members).toHaveLength(251);

    const again = await run('conversations.invite', { channel: id, users: users(1, 250) });
    expect(again).toMatchObject({ status: 'succeeded', already_done: 'already_in_channel', result: { invited: [] } });
    expect(again.result.already_in_channel).toHaveLength(250);
    expect(t.stack.slack!.state.conversations.get(id)!.members).toHaveLength(251);
  });

  it('counts those already in as done, invites the rest, and says who failed and why', async () => {
    const id = await newChannel('cat-invite-mixed');
    await run('conversations.invite', { channel: id, users: users(1, 2) });
    const body = await run('conversations.invite', { channel: id, users: [...users(1, 2), ...users(3, 2), 'U0NOBODY01', 'U0DELETED1'] });
    expect(body).toMatchObject({
      status: 'failed',
      error: { code: 'user_not_found', message: '2 of 6 users could not be invited', retryable: false },
      result: {
        invited: users(3, 2),
        already_in_channel: users(1, 2),
        failed: [
          { user: 'U0NOBODY01', error: 'user_not_found' },
          { user: 'U0DELETED1', error: 'user_is_restricted' },
        ],
      },
    });
    expect(t.stack.slack!.state.conversations.get(id)!.members).toHaveLength(5);
  });

  it('passes force through', async () => {
    const id = await newChannel('cat-invite-force');
    const body = await run('conversations.invite', { channel: id, users: ['U0NOBODY01', EXAMPLE_USER_IDS[2]], force: true });
    expect(body.result).toMatchObject({ invited: [EXAMPLE_USER_IDS[2]], failed: [{ user: 'U0NOBODY01', error: 'user_not_found' }] });
    expect(calls('conversations.invite')).toBeGreaterThan(0);
  });
});

describe('reading', () => {
  it('pages through history newest first, and reads a thread with replies', async () => {
    const history = await run('conversations.history', { channel: GENERAL_CHANNEL_ID, limit: 50 }, { paginate: true });
    expect(history.status).toBe('succeeded');
    expect(history.result.messages).toHaveLength(GENERAL_MESSAGES);
    expect(history.result.pages).toBe(Math.ceil(GENERAL_MESSAGES / 50));
    const ts = history.result.messages.map((m: { ts: string }) => Number(m.ts));
    expect(ts).toEqual([...ts].sort((a, b) => b - a));
    expect(history.result.messages.find((m: { ts: string }) => m.ts === THREAD_TS)).toMatchObject({ reply_count: THREAD_REPLIES });

    const thread = await run('conversations.replies', { channel: GENERAL_CHANNEL_ID, ts: THREAD_TS, limit: 10 }, { paginate: true });
    expect(thread.result.messages).toHaveLength(THREAD_REPLIES + 1);
    expect(thread.result.messages[0]).toMatchObject({ ts: THREAD_TS, reply_count: THREAD_REPLIES });

    const capped = await run('conversations.history', { channel: GENERAL_CHANNEL_ID, limit: 5 }, { paginate: true, max_items: 12 });
    expect(capped.result).toMatchObject({ truncated: true });
    expect(capped.result.messages).toHaveLength(12);
  });

  it('lists, describes and counts', async () => {
    expect(await run('conversations.list', { types: 'public_channel', limit: 999 })).toMatchObject({ status: 'succeeded', result: { ok: true } });
    expect(await run('conversations.info', { channel: GENERAL_CHANNEL_ID, include_locale: true })).toMatchObject({ result: { channel: { locale: 'en-US' } } });
    expect(await run('conversations.members', { channel: RANDOM_CHANNEL_ID, limit: 10 })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.open', { users: EXAMPLE_USER_IDS })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.leave', { channel: RANDOM_CHANNEL_ID })).toMatchObject({ status: 'succeeded' });
  });
});

describe('canvases and Slack Connect', () => {
  it('creates a channel canvas once', async () => {
    const id = await newChannel('cat-canvas');
    const args = { channel_id: id, title: 'Runbook', document_content: { type: 'markdown', markdown: '# Runbook' } };
    expect(await run('conversations.canvases.create', args)).toMatchObject({ status: 'succeeded', result: { canvas_id: expect.stringMatching(/^F/) } });
    expect(await run('conversations.canvases.create', args)).toMatchObject({ status: 'succeeded', already_done: 'channel_canvas_already_exists' });
  });

  it('invites someone from another organisation, and someone already in is already done', async () => {
    expect(await run('conversations.inviteShared', { channel: SHARED_CHANNEL_ID, emails: 'new@partner.example' })).toMatchObject({ status: 'succeeded', result: { invite_id: expect.stringMatching(/^I/) } });
    expect(await run('conversations.inviteShared', { channel: SHARED_CHANNEL_ID, user_ids: [EXAMPLE_USER_IDS[0]] })).toMatchObject({ status: 'succeeded', already_done: 'already_in_channel' });
  });

  it('accepts an incoming invite once', async () => {
    expect(await run('conversations.acceptSharedInvite', { channel_name: 'partner-launch', invite_id: INCOMING_INVITE_ID })).toMatchObject({ status: 'succeeded', result: { channel_id: expect.stringMatching(/^C/) } });
    expect(await run('conversations.acceptSharedInvite', { channel_name: 'partner-launch-2', invite_id: INCOMING_INVITE_ID })).toMatchObject({ status: 'succeeded', already_done: 'has_already_connected_to_org' });
  });

  it('approves an outgoing invite once, and cannot then decline it', async () => {
    expect(await run('conversations.approveSharedInvite', { invite_id: OUTGOING_INVITE_ID, target_team: EXTERNAL_TEAM_ID })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.approveSharedInvite', { invite_id: OUTGOING_INVITE_ID })).toMatchObject({ status: 'succeeded', already_done: 'already_approved' });
    expect(await run('conversations.declineSharedInvite', { invite_id: OUTGOING_INVITE_ID })).toMatchObject({ status: 'failed', error: { code: 'invite_not_pending' } });
  });

  it('declines a pending invite', async () => {
    const sent = await run('conversations.inviteShared', { channel: SHARED_CHANNEL_ID, emails: 'decline@partner.example' });
    expect(await run('conversations.declineSharedInvite', { invite_id: sent.result.invite_id })).toMatchObject({ status: 'succeeded' });
  });

  it('lists Slack Connect invites page by page (count)', async () => {
    const body = await run('conversations.listConnectInvites', { count: 1 }, { paginate: true });
    expect(body).toMatchObject({ status: 'succeeded' });
    expect(body.result.invites.length).toBeGreaterThanOrEqual(3);
    expect(body.result.pages).toBe(body.result.invites.length);
  });

  it('sets an external member’s permissions', async () => {
    expect(await run('conversations.externalInvitePermissions.set', { action: 'downgrade', channel: SHARED_CHANNEL_ID, target_team: EXTERNAL_TEAM_ID })).toMatchObject({ status: 'succeeded' });
  });

  it('approves and denies invite requests once each, and lists them', async () => {
    const [approve, deny] = INVITE_REQUEST_IDS;
    expect(await run('conversations.requestSharedInvite.approve', { invite_id: approve })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.requestSharedInvite.approve', { invite_id: approve })).toMatchObject({ status: 'succeeded', already_done: 'invite_already_approved' });
    expect(await run('conversations.requestSharedInvite.deny', { invite_id: deny, message: 'Not a customer' })).toMatchObject({ status: 'succeeded' });
    expect(await run('conversations.requestSharedInvite.deny', { invite_id: deny })).toMatchObject({ status: 'succeeded', already_done: 'invite_already_denied' });
    const listed = await run('conversations.requestSharedInvite.list', { include_approved: true, include_denied: true }, { paginate: true });
    expect(listed.result.invite_requests.map((r: { id: string; status: string }) => [r.id, r.status])).toEqual([
      [approve, 'approved'],
      [deny, 'denied'],
    ]);
  });
});

describe('the whole catalogue', () => {
  // Last in this file: the tests above ran each method over the wire.
  it('ran every method at least once', () => {
    expect(JOB_METHODS.filter((method) => !ran.has(method))).toEqual([]);
  });
});
