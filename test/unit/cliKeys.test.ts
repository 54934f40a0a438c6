import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyFromApiKeys, resolveConnection } from '../../cli/config';
import { hashFile, hashText, lineKey, lineOfKey, runHash } from '../../cli/idempotency';

describe('bulk idempotency keys', () => {
  it('derives the same key for the same file, options and line', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'scq-keys-'));
    const file = join(dir, 'jobs.csv');
    await writeFile(file, 'channel\nC800000001\n');

    // Act
    const fromFile = runHash(await hashFile(file), { method: 'conversations.archive' });
    const fromText = runHash(hashText('channel\nC800000001\n'), { method: 'conversations.archive' });

    // Assess
    expect(lineKey(fromFile, 2)).toBe(lineKey(fromText, 2));
    expect(lineKey(fromFile, 2)).toMatch(/^scq:[0-9a-f]{32}:2$/);
  });

  it('derives other keys for another line, another file content or another method', () => {
    // Prepare
    const hash = runHash(hashText('channel\nC800000001\n'), { method: 'conversations.archive' });

    // Act
    const keys = new Set([
      lineKey(hash, 2),
      lineKey(hash, 3),
      lineKey(runHash(hashText('channel\nC800000002\n'), { method: 'conversations.archive' }), 2),
      lineKey(runHash(hashText('channel\nC800000001\n'), { method: 'conversations.info' }), 2),
      lineKey(runHash(hashText('channel\nC800000001\n'), { method: 'conversations.archive', workspace: 'T0AAAAAAAA' }), 2),
    ]);

    // Assess
    expect(keys.size).toBe(5);
  });

  it('reads the line number back from a key, and nothing from another key', () => {
    // Assess
    expect(lineOfKey(lineKey(hashText('x'), 1234))).toBe(1234);
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
