import { loadConfig } from '../../lib/config/config';
import type { JobMessage } from '../../lib/jobs/types';
import { inviteInChunks } from '../../lib/slack/inviteInChunks';
import { execute } from '../../lib/worker/runJob';
import { scriptedSlack } from '../helpers/fakes';

const users = (n: number) => Array.from({ length: n }, (_, i) => `U${String(i).padStart(10, '0')}`);
const job = (method: string, args: Record<string, unknown>, extra: Partial<JobMessage> = {}): JobMessage =>
  ({ v: 1, job_id: 'j-1', workspace: 'default', enqueued_at: '2026-11-24T00:00:00.000Z', method, args, ...extra }) as JobMessage;

describe('invite in chunks', () => {
  it('makes one call per 100 users', async () => {
    const slack = scriptedSlack({});
    const outcome = await inviteInChunks(slack.call, 'conversations.invite', { channel: 'C0123456789', users: users(250) }, 100);
    expect(slack.calls.map((c) => (c.args.users as string[]).length)).toEqual([100, 100, 50]);
    expect(outcome).toMatchObject({ kind: 'succeeded', response: { ok: true, failed: [], already_in_channel: [] } });
  });

  it('calls again without the users Slack refused, and reports each', async () => {
    const refused = { ok: false, error: 'user_not_found', errors: [{ user: 'U0000000001', ok: false, error: 'user_not_found' }, { user: 'U0000000002', ok: false, error: 'already_in_channel' }] };
    const slack = scriptedSlack({ 'conversations.invite': [{ kind: 'permanent', code: 'user_not_found', message: 'x', response: refused }] });
    const outcome = await inviteInChunks(slack.call, 'conversations.invite', { channel: 'C0123456789', users: users(4) }, 100);
    expect(slack.calls.map((c) => c.args.users)).toEqual([users(4), ['U0000000000', 'U0000000003']]);
    expect(outcome).toMatchObject({
      kind: 'permanent',
      code: 'user_not_found',
      response: { ok: false, invited: ['U0000000000', 'U0000000003'], already_in_channel: ['U0000000002'], failed: [{ user: 'U0000000001', error: 'user_not_found' }] },
    });
  });

  it('counts a lone user Slack says is already in as done', async () => {
    const slack = scriptedSlack({ 'conversations.invite': [{ kind: 'succeeded', response: { ok: false, error: 'already_in_channel' }, alreadyDone: 'already_in_channel' }] });
    const outcome = await inviteInChunks(slack.call, 'conversations.invite', { channel: 'C0123456789', users: users(1) }, 100);
    expect(outcome).toMatchObject({ kind: 'succeeded', alreadyDone: 'already_in_channel', response: { invited: [], already_in_channel: users(1) } });
  });

  it('stops at a rate limit or a transient failure so the job is retried', async () => {
    const slack = scriptedSlack({ 'conversations.invite': [{ kind: 'succeeded', response: { ok: true } }, { kind: 'transient', code: 'http_503', message: 'x' }] });
    const outcome = await inviteInChunks(slack.call, 'conversations.invite', { channel: 'C0123456789', users: users(300) }, 100);
    expect(outcome).toEqual({ kind: 'transient', code: 'http_503', message: 'x' });
    expect(slack.calls).toHaveLength(2);
  });

  it('fails as a whole when the channel is the problem', async () => {
    const slack = scriptedSlack({ 'conversations.invite': [{ kind: 'permanent', code: 'channel_not_found', message: 'x', response: { ok: false, error: 'channel_not_found' } }] });
    const outcome = await inviteInChunks(slack.call, 'conversations.invite', { channel: 'C0123456789', users: users(5) }, 100);
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'channel_not_found' });
  });
});

describe('catalogue-driven runs', () => {
  it('reads the topic first and skips a write that changes nothing', async () => {
    const slack = scriptedSlack({ 'conversations.info': [{ kind: 'succeeded', response: { ok: true, channel: { id: 'C0123456789', topic: { value: 'Same' } } } }] });
    const outcome = await execute(job('conversations.setTopic', { channel: 'C0123456789', topic: 'Same' }), slack.call, { tried: false });
    expect(slack.calls.map((c) => c.method)).toEqual(['conversations.info']);
    expect(outcome).toMatchObject({ kind: 'succeeded', alreadyDone: 'topic_unchanged' });
  });

  it('writes a purpose that differs', async () => {
    const slack = scriptedSlack({ 'conversations.info': [{ kind: 'succeeded', response: { ok: true, channel: { id: 'C0123456789', purpose: { value: 'Old' } } } }] });
    await execute(job('conversations.setPurpose', { channel: 'C0123456789', purpose: 'New' }), slack.call, { tried: false });
    expect(slack.calls.map((c) => c.method)).toEqual(['conversations.info', 'conversations.setPurpose']);
  });

  it('takes a rename’s name_taken as done when the channel already has the name, and as a conflict when not', async () => {
    const nameTaken = { kind: 'permanent' as const, code: 'name_taken', message: 'x', response: { ok: false, error: 'name_taken' } };
    const named = scriptedSlack({ 'conversations.rename': [nameTaken], 'conversations.info': [{ kind: 'succeeded', response: { ok: true, channel: { id: 'C0123456789', name: 'acme' } } }] });
    expect(await execute(job('conversations.rename', { channel: 'C0123456789', name: 'acme' }), named.call, { tried: true })).toMatchObject({ kind: 'succeeded', alreadyDone: 'already_named' });
    const other = scriptedSlack({ 'conversations.rename': [nameTaken], 'conversations.info': [{ kind: 'succeeded', response: { ok: true, channel: { id: 'C0123456789', name: 'old' } } }] });
    expect(await execute(job('conversations.rename', { channel: 'C0123456789', name: 'acme' }), other.call, { tried: true })).toMatchObject({ kind: 'permanent', code: 'name_taken' });
  });

  it('asks history for at most 15 messages a page when Slack limits the app to 1 call a minute', async () => {
    const config = loadConfig({ SLACK_HISTORY_RATE: '1' });
    expect(config.slackRateLimits).toMatchObject({ 'conversations.history': 1, 'conversations.replies': 1 });
    const slack = scriptedSlack({ 'conversations.history': [{ kind: 'succeeded', response: { ok: true, messages: [], response_metadata: { next_cursor: '' } } }] });
    await execute(job('conversations.history', { channel: 'C0123456789', limit: 200 }, { paginate: true }), slack.call, { tried: false, historyPageMax: config.historyPageMax });
    await execute(job('conversations.history', { channel: 'C0123456789', limit: 200 }), slack.call, { tried: false, historyPageMax: config.historyPageMax });
    expect(slack.calls.map((c) => c.args.limit)).toEqual([15, 15]);
    expect(loadConfig({ SLACK_HISTORY_RATE: '50' }).historyPageMax).toBeUndefined();
    expect(loadConfig({ SLACK_HISTORY_RATE: '1', SLACK_RATE_LIMITS: '{"conversations.history": 3}' }).slackRateLimits['conversations.history']).toBe(3);
  });

  it('pages listConnectInvites with count, not limit', async () => {
    const slack = scriptedSlack({
      'conversations.listConnectInvites': [
        { kind: 'succeeded', response: { ok: true, invites: [{ id: 1 }], response_metadata: { next_cursor: 'n' } } },
        { kind: 'succeeded', response: { ok: true, invites: [{ id: 2 }], response_metadata: { next_cursor: '' } } },
      ],
    });
    const outcome = await execute(job('conversations.listConnectInvites', { count: 1 }, { paginate: true }), slack.call, { tried: false });
    expect(slack.calls.map((c) => [c.args.count, c.args.limit])).toEqual([[1, undefined], [1, undefined]]);
    expect(outcome).toMatchObject({ kind: 'succeeded', response: { invites: [{ id: 1 }, { id: 2 }], pages: 2 } });
  });
});
