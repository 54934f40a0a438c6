import { CATALOGUE, JOB_METHODS, type JobMethod } from '../../lib/catalogue/catalogue';

const parse = (method: JobMethod, args: unknown) => CATALOGUE[method].args.safeParse(args);
const messages = (method: JobMethod, args: unknown) => {
  const result = parse(method, args);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

const C = 'C0123456789';
const U = 'U0123456789';
const TS = '1700000000.000100';

/** Good and bad arguments for every method of the catalogue: a new method needs its row here. */
const CASES: Record<JobMethod, { good: Record<string, unknown>[]; bad: [Record<string, unknown>, string][] }> = {
  'conversations.archive': { good: [{ channel: C }], bad: [[{}, 'channel: is required'], [{ channel: C, name: 'x' }, 'Unrecognized key']] },
  'conversations.unarchive': { good: [{ channel: 'G0123456789' }], bad: [[{ channel: '#general' }, 'must be a conversation ID']] },
  'conversations.close': { good: [{ channel: 'D0123456789' }], bad: [[{}, 'channel: is required']] },
  'conversations.create': { good: [{ name: 'acme-ops', is_private: true, team_id: 'T0123456789' }], bad: [[{ name: 'acme', team_id: 'acme' }, 'must be a workspace ID']] },
  'conversations.rename': { good: [{ channel: C, name: 'acme-ops-2' }], bad: [[{ channel: C }, 'name: is required'], [{ channel: C, name: 'Acme' }, 'lowercase']] },
  'conversations.setTopic': { good: [{ channel: C, topic: 'Renewals' }, { channel: C, topic: '' }, { channel: C, topic: 'x'.repeat(250) }], bad: [[{ channel: C, topic: 'x'.repeat(251) }, 'at most 250 characters'], [{ channel: C }, 'topic']] },
  'conversations.setPurpose': { good: [{ channel: C, purpose: 'Account team for Acme' }], bad: [[{ channel: C, purpose: 'x'.repeat(251) }, 'at most 250 characters'], [{ channel: C, purpose: 7 }, 'must be a string']] },
  'conversations.list': { good: [{ types: 'public_channel, private_channel', team_id: 'E0123456789' }], bad: [[{ types: 'public' }, 'must be among']] },
  'conversations.info': { good: [{ channel: C, include_locale: true }], bad: [[{ channel: C, limit: 5 }, 'Unrecognized key']] },
  'conversations.mark': { good: [{ channel: C, ts: TS }], bad: [[{ channel: C, ts: '1700000000' }, 'must be a Slack timestamp'], [{ channel: C }, 'ts']] },
  'conversations.invite': {
    good: [{ channel: C, users: [U] }, { channel: C, users: Array.from({ length: 1000 }, (_, i) => `U${String(i).padStart(10, '0')}`), force: true }],
    bad: [[{ channel: C, users: Array.from({ length: 1001 }, (_, i) => `U${String(i).padStart(10, '0')}`) }, 'takes at most 1000 user IDs'], [{ channel: C, users: [] }, 'needs at least 1 user ID'], [{ channel: C, users: ['C0123456789'] }, 'must be a user ID']],
  },
  'conversations.join': { good: [{ channel: C }], bad: [[{ channel: U }, 'must be a conversation ID']] },
  'conversations.kick': { good: [{ channel: C, user: 'W0123456789' }], bad: [[{ channel: C, user: 'bob' }, 'must be a user ID'], [{ channel: C }, 'user: is required']] },
  'conversations.leave': { good: [{ channel: C }], bad: [[{}, 'channel: is required']] },
  'conversations.open': { good: [{ users: [U], prevent_creation: true }], bad: [[{}, 'give exactly one of users or channel']] },
  'conversations.history': { good: [{ channel: C, limit: 15, oldest: TS, latest: '1800000000.000000', inclusive: true, include_all_metadata: false }], bad: [[{ channel: C, oldest: 'yesterday' }, 'must be a Slack timestamp'], [{ channel: C, limit: 1000 }, 'at most 999']] },
  'conversations.replies': { good: [{ channel: C, ts: TS, limit: 200 }], bad: [[{ channel: C }, 'ts'], [{ channel: C, ts: 'x' }, 'must be a Slack timestamp']] },
  'conversations.members': { good: [{ channel: C, limit: 200, cursor: 'dXNlcjpVMDYx' }], bad: [[{ channel: C, cursor: '' }, 'cursor']] },
  'conversations.canvases.create': {
    good: [{ channel_id: C }, { channel_id: C, title: 'Runbook', document_content: { type: 'markdown', markdown: '# Runbook' } }],
    bad: [[{ channel_id: C, document_content: { type: 'html', markdown: 'x' } }, 'must be "markdown"'], [{ channel: C }, 'channel_id: is required']],
  },
  'conversations.inviteShared': {
    good: [{ channel: C, emails: 'ops@example.com' }, { channel: C, user_ids: [U], external_limited: true }],
    bad: [[{ channel: C }, 'give exactly one of emails or user_ids'], [{ channel: C, emails: 'nope' }, 'must be an e-mail address'], [{ channel: C, emails: ['a@example.com', 'b@example.com'] }, 'takes exactly one e-mail address']],
  },
  'conversations.acceptSharedInvite': {
    good: [{ channel_name: 'acme-shared', invite_id: 'I0123456789' }, { channel_name: 'acme-shared', channel_id: C, is_private: true }],
    bad: [[{ channel_name: 'acme-shared' }, 'give exactly one of invite_id or channel_id'], [{ invite_id: 'I0123456789' }, 'channel_name: is required']],
  },
  'conversations.approveSharedInvite': { good: [{ invite_id: 'I0123456789', target_team: 'T0123456789' }], bad: [[{ invite_id: 'x' }, 'must be an invite ID']] },
  'conversations.declineSharedInvite': { good: [{ invite_id: 'I0123456789' }], bad: [[{}, 'invite_id: is required']] },
  'conversations.listConnectInvites': { good: [{ count: 1000, team_id: 'T0123456789' }], bad: [[{ count: 1001 }, 'at most 1000'], [{ limit: 10 }, 'Unrecognized key']] },
  'conversations.externalInvitePermissions.set': {
    good: [{ action: 'downgrade', channel: C, target_team: 'T0EXTERNAL1' }],
    bad: [[{ action: 'remove', channel: C, target_team: 'T0EXTERNAL1' }, 'must be upgrade or downgrade'], [{ action: 'upgrade', channel: C }, 'target_team']],
  },
  'conversations.requestSharedInvite.approve': {
    good: [{ invite_id: 'I0123456789', channel_id: C, message: { text: 'Welcome', is_override: false } }],
    bad: [[{ invite_id: 'I0123456789', message: 'hello' }, 'message']],
  },
  'conversations.requestSharedInvite.deny': { good: [{ invite_id: 'I0123456789', message: 'Not a customer' }], bad: [[{ invite_id: 'I0123456789', message: 'x'.repeat(4001) }, 'at most 4000']] },
  'conversations.requestSharedInvite.list': {
    good: [{ limit: 200, include_denied: true, invite_ids: 'I0123456789,I0123456790', user_id: U }],
    bad: [[{ limit: 201 }, 'at most 200'], [{ invite_ids: ['nope'] }, 'must be an invite ID']],
  },
};

describe('argument schemas', () => {
  it('covers every conversations.* method of today’s Web API (28)', () => {
    expect(JOB_METHODS).toHaveLength(28);
    expect(Object.keys(CASES).sort()).toEqual([...JOB_METHODS].sort());
  });

  describe.each(JOB_METHODS)('%s', (method) => {
    it.each(CASES[method].good.map((args) => [JSON.stringify(args).slice(0, 80), args]))('accepts %s', (_label, args) => {
      expect(messages(method, args)).toEqual([]);
    });
    it.each(CASES[method].bad.map(([args, message]) => [JSON.stringify(args).slice(0, 80), args, message] as const))('refuses %s', (_label, args, message) => {
      expect(messages(method, args).join('|')).toContain(message);
    });
    it('refuses unknown keys and a token', () => {
      const result = parse(method, { ...CASES[method].good[0], token: 'xoxb-1', bogus: 1 });
      expect(result.success).toBe(false);
    });
  });

  describe('conversations.create', () => {
    it.each([['myprivatechannel'], ['a'], ['customer_42-eu'], ['x'.repeat(80)]])('accepts the name %s', (name) => {
      expect(parse('conversations.create', { name, is_private: true }).success).toBe(true);
    });
    it.each([
      [{}, 'name: is required'],
      [{ name: '' }, 'name: must not be empty'],
      [{ name: 'x'.repeat(81) }, 'name: must be at most 80 characters'],
      [{ name: 'My Channel' }, 'name: may only hold lowercase letters, digits, hyphens and underscores'],
      [{ name: 'ok', is_private: 'yes' }, 'is_private: must be true or false'],
      [{ name: 'ok', topic: 'x' }, ': Unrecognized key: "topic"'],
    ])('refuses %j', (args, message) => {
      expect(messages('conversations.create', args).join('|')).toContain(message);
    });
  });

  describe('conversations.open', () => {
    it('accepts the seed example users as a list and normalises them', () => {
      const result = parse('conversations.open', { users: ['W1234567890', 'U2345678901', 'U3456789012'] });
      expect(result.success && result.data).toEqual({ users: ['W1234567890', 'U2345678901', 'U3456789012'] });
    });
    it('accepts a comma-separated string with spaces', () => {
      const result = parse('conversations.open', { users: 'W1234567890, U2345678901' });
      expect(result.success && result.data).toEqual({ users: ['W1234567890', 'U2345678901'] });
    });
    it('accepts a channel to resume', () => {
      expect(parse('conversations.open', { channel: 'D0123456789', return_im: true }).success).toBe(true);
    });
    it.each([
      [{ users: [] }, 'needs at least 1 user ID'],
      [{ users: Array.from({ length: 9 }, (_, i) => `U00000000${i}`) }, 'takes at most 8 user IDs'],
      [{ users: ['C0123456789'] }, 'must be a user ID'],
      [{ users: 'alice' }, 'must be a user ID'],
      [{}, 'give exactly one of users or channel'],
      [{ users: ['U0123456789'], channel: 'D0123456789' }, 'give exactly one of users or channel'],
      [{ channel: 'general' }, 'must be a conversation ID'],
    ])('refuses %j', (args, message) => {
      expect(messages('conversations.open', args).join('|')).toContain(message);
    });
  });

  describe('conversations.list', () => {
    it('normalises the seed example types with a space', () => {
      const result = parse('conversations.list', { types: 'public_channel, private_channel' });
      expect(result.success && result.data).toEqual({ types: 'public_channel,private_channel' });
    });
    it('accepts types as a list and drops repeats', () => {
      const result = parse('conversations.list', { types: ['im', 'mpim', 'im'], limit: 200, exclude_archived: true });
      expect(result.success && result.data).toEqual({ types: 'im,mpim', limit: 200, exclude_archived: true });
    });
    it.each([
      [{ types: 'public, private' }, 'must be among public_channel, private_channel, mpim, im'],
      [{ types: '' }, 'needs at least one type'],
      [{ limit: 0 }, 'must be at least 1'],
      [{ limit: 1000 }, 'must be at most 999'],
      [{ limit: 2.5 }, 'must be a whole number'],
      [{ limit: '100' }, 'must be a number'],
    ])('refuses %j', (args, message) => {
      expect(messages('conversations.list', args).join('|')).toContain(message);
    });
  });

  describe.each(['conversations.info', 'conversations.leave', 'conversations.members'] as const)('%s', (method) => {
    it.each([['C0123456789'], ['G0123456789'], ['D0123456789'], ['C01GENERAL']])('accepts the channel %s', (channel) => {
      expect(parse(method, { channel }).success).toBe(true);
    });
    it.each([[{}], [{ channel: '#general' }], [{ channel: 'U0123456789' }], [{ channel: 'c0123456789' }]])('refuses %j', (args) => {
      expect(parse(method, args).success).toBe(false);
    });
  });

  it('conversations.members takes limit and cursor; conversations.info takes neither', () => {
    expect(parse('conversations.members', { channel: 'C0123456789', limit: 200, cursor: 'dXNlcjpVMDYx' }).success).toBe(true);
    expect(parse('conversations.info', { channel: 'C0123456789', limit: 200 }).success).toBe(false);
  });
});
