import { ARGS_SCHEMAS } from '../../lib/operations/schemas';
import { SUPPORTED_METHODS } from '../../lib/operations/methods';

const parse = (method: keyof typeof ARGS_SCHEMAS, args: unknown) => ARGS_SCHEMAS[method].safeParse(args);
const messages = (method: keyof typeof ARGS_SCHEMAS, args: unknown) => {
  const result = parse(method, args);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('argument schemas', () => {
  it('has a schema for every supported method', () => {
    expect(Object.keys(ARGS_SCHEMAS).sort()).toEqual([...SUPPORTED_METHODS].sort());
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
