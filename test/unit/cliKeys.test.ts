import { keyFromApiKeys, resolveConnection } from '../../cli/config';
import { hashText, lineKey, lineOfKey, runHash } from '../../cli/idempotency';

describe('bulk idempotency keys', () => {
  const job = (channel: string) => ({ method: 'conversations.archive', args: { channel } });

  it('derives the same key for the same options, line content and line', () => {
    // Act
    const first = lineKey(runHash({ method: 'conversations.archive' }), job('C800000001'), 2);
    const again = lineKey(runHash({ method: 'conversations.archive' }), job('C800000001'), 2);

    // Assess
    expect(first).toBe(again);
    expect(first).toMatch(/^scq:[0-9a-f]{32}:2$/);
  });

  it('derives other keys for another line, another content or other options', () => {
    // Prepare
    const hash = runHash({ method: 'conversations.archive' });

    // Act
    const keys = new Set([
      lineKey(hash, job('C800000001'), 2),
      lineKey(hash, job('C800000001'), 3),
      lineKey(hash, job('C800000002'), 2),
      lineKey(runHash({ method: 'conversations.info' }), job('C800000001'), 2),
      lineKey(runHash({ method: 'conversations.archive', workspace: 'T0AAAAAAAA' }), job('C800000001'), 2),
    ]);

    // Assess
    expect(keys.size).toBe(5);
  });

  it('keeps the other lines’ keys when one line is edited (a fix after a refusal queues nothing twice)', () => {
    // Prepare
    const hash = runHash({ method: 'conversations.archive' });

    // Act
    const before = [lineKey(hash, job('C800000001'), 2), lineKey(hash, job('bad'), 3)];
    const after = [lineKey(hash, job('C800000001'), 2), lineKey(hash, job('C800000003'), 3)];

    // Assess
    expect(after[0]).toBe(before[0]);
    expect(after[1]).not.toBe(before[1]);
  });

  it('reads the line number back from a key, and nothing from another key', () => {
    // Assess
    expect(lineOfKey(lineKey(hashText('x'), job('C800000001'), 1234))).toBe(1234);
    expect(lineOfKey('sweep:abc:C800000001')).toBeUndefined();
    expect(lineOfKey(undefined)).toBeUndefined();
  });
});

describe('connection settings', () => {
  it('takes the key part of API_KEYS\' first entry, scoped or not', () => {
    // Assess
    expect(keyFromApiKeys('local-abc,other')).toBe('local-abc');
    expect(keyFromApiKeys('scoped-key=T111AAAA|T222BBBB,other')).toBe('scoped-key');
    expect(keyFromApiKeys('')).toBeUndefined();
    expect(keyFromApiKeys('c2VjcmV0LWtleQ==,other')).toBe('c2VjcmV0LWtleQ==');
  });

  it('refuses a key that is not visible ASCII without showing it', () => {
    expect(() => resolveConnection({}, { SCQ_API_KEY: 'sekret-key-123\n# rotated' })).toThrow(/not visible ASCII \(it is not shown here\)/);
    expect(() => resolveConnection({}, { SCQ_API_KEY: 'sekret-key-123\n# rotated' })).not.toThrow(/sekret/);
  });

  it('prefers the options, then SCQ_*, then the local stack\'s port and keys', () => {
    // Assess
    expect(resolveConnection({}, { PORT: '4000', API_KEYS: 'k1' })).toEqual({ url: 'http://127.0.0.1:4000', apiKey: 'k1' });
    expect(resolveConnection({}, { SCQ_URL: 'https://api.example.com/', SCQ_API_KEY: 'k2', API_KEYS: 'k1' })).toEqual({ url: 'https://api.example.com', apiKey: 'k2' });
    expect(resolveConnection({ url: 'http://h:1', apiKey: 'k3' }, { SCQ_URL: 'http://x', SCQ_API_KEY: 'k2' })).toEqual({ url: 'http://h:1', apiKey: 'k3' });
    expect(resolveConnection({}, { SCQ_API_KEY: 'k' }).url).toBe('http://127.0.0.1:3000');
  });

  it('refuses to run without a key, naming where to set one', () => {
    // Assess
    expect(() => resolveConnection({}, {})).toThrow(/set SCQ_API_KEY/);
  });
});
