import { validateBatch, validateJob } from '../../lib/jobs/validate';

const deployed = { allowPrivate: false };
const local = { allowPrivate: true };
const details = (result: ReturnType<typeof validateJob> | ReturnType<typeof validateBatch>) => (result.ok ? [] : result.details);

describe('job validation', () => {
  it('accepts a job and returns its normalised form', () => {
    const result = validateJob(
      { method: 'conversations.list', args: { types: 'public_channel, private_channel' }, paginate: true, max_items: 500, callback_url: 'https://hooks.example.com/x', idempotency_key: 'k-1' },
      deployed,
    );
    expect(result).toEqual({
      ok: true,
      value: { method: 'conversations.list', args: { types: 'public_channel,private_channel' }, paginate: true, max_items: 500, callback_url: 'https://hooks.example.com/x', idempotency_key: 'k-1' },
    });
  });

  it('treats missing args as empty', () => {
    expect(validateJob({ method: 'conversations.list' }, deployed)).toEqual({ ok: true, value: { method: 'conversations.list', args: {} } });
  });

  it('refuses a token in args without echoing it', () => {
    const result = validateJob({ method: 'conversations.info', args: { channel: 'C0123456789', token: 'xoxb-secret-value' } }, deployed);
    expect(details(result)).toEqual([{ path: 'args.token', message: 'is not accepted: the Slack token is configured on the server' }]);
    expect(JSON.stringify(result)).not.toContain('xoxb-secret-value');
  });

  it.each([
    [{ method: 'conversations.destroy', args: {} }, 'method', 'must be a conversations.* method of the catalogue'],
    [{ method: 'chat.postMessage', args: {} }, 'method', 'must be a conversations.* method of the catalogue'],
    [{ args: {} }, 'method', 'is required'],
    [{ method: 'conversations.list', args: [] }, 'args', 'must be an object'],
    [{ method: 'conversations.info', args: { channel: 'C0123456789' }, paginate: true }, 'paginate', 'only for methods that page'],
    [{ method: 'conversations.list', max_items: 10 }, 'max_items', 'needs paginate: true'],
    [{ method: 'conversations.list', paginate: true, max_items: 10_001 }, 'max_items', 'at most 10000'],
    [{ method: 'conversations.list', idempotency_key: '' }, 'idempotency_key', 'must not be empty'],
    [{ method: 'conversations.list', idempotency_key: 'k'.repeat(129) }, 'idempotency_key', 'at most 128'],
    [{ method: 'conversations.list', extra: 1 }, 'extra', 'is not a known field'],
    [{ method: 'conversations.list', args: { color: 'red' } }, 'args.color', 'is not a known field'],
  ])('refuses %j at %s', (job, path, message) => {
    const found = details(validateJob(job, deployed));
    expect(found).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
  });

  it('accepts an idempotency key of exactly 128 characters', () => {
    expect(validateJob({ method: 'conversations.list', idempotency_key: 'k'.repeat(128) }, deployed).ok).toBe(true);
  });

  it.each([
    ['http://hooks.example.com/x', 'must use https'],
    ['https://user:pass@hooks.example.com/x', 'must not contain credentials'],
    ['https://127.0.0.1/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'private'],
    ['https://[::1]/x', 'private'],
    ['https://localhost/x', 'local or internal host name'],
    ['/relative', 'must be an absolute URL'],
  ])('refuses the callback URL %s when deployed', (url, message) => {
    const found = details(validateJob({ method: 'conversations.list', callback_url: url }, deployed));
    expect(found).toEqual([{ path: 'callback_url', message: expect.stringContaining(message) }]);
  });

  it('allows http and loopback callbacks on the local stack', () => {
    expect(validateJob({ method: 'conversations.list', callback_url: 'http://127.0.0.1:3001/callbacks' }, local).ok).toBe(true);
  });
});

describe('batch validation', () => {
  const good = { method: 'conversations.info', args: { channel: 'C0123456789' } };

  it('applies the batch callback_url to items without one', () => {
    const result = validateBatch({ callback_url: 'https://a.example.com/cb', jobs: [good, { ...good, callback_url: 'https://b.example.com/cb' }] }, deployed);
    expect(result.ok && result.value.jobs.map((j) => j.callback_url)).toEqual(['https://a.example.com/cb', 'https://b.example.com/cb']);
  });

  it('names the index of every invalid item', () => {
    const result = validateBatch({ jobs: [good, { method: 'conversations.info', args: {} }, good, { method: 'nope' }] }, deployed);
    expect(details(result).map((d) => d.path)).toEqual(['jobs[1].args.channel', 'jobs[3].method']);
  });

  it.each([
    [{ jobs: [] }, 'jobs', 'needs at least 1 job'],
    [{ jobs: Array.from({ length: 1001 }, () => good) }, 'jobs', 'at most 1000'],
    [{}, 'jobs', 'must be a list of jobs'],
    [{ jobs: [good], callback_url: 'http://x.example.com' }, 'callback_url', 'must use https'],
  ])('refuses %#', (batch, path, message) => {
    expect(details(validateBatch(batch, deployed))).toEqual([expect.objectContaining({ path, message: expect.stringContaining(message) })]);
  });

  it('accepts 1000 jobs', () => {
    expect(validateBatch({ jobs: Array.from({ length: 1000 }, () => good) }, deployed).ok).toBe(true);
  });
});

describe('hostile input', () => {
  const size = (result: ReturnType<typeof validateJob> | ReturnType<typeof validateBatch>) => Buffer.byteLength(JSON.stringify(result));
  const badUsers = (n: number) => Array.from({ length: n }, (_, i) => `bad-${i}`);

  it('refuses 125,000 bad user IDs by their count, quickly and in a small error', () => {
    const started = performance.now();
    const result = validateJob({ method: 'conversations.open', args: { users: badUsers(125_000) } }, deployed);
    expect(performance.now() - started).toBeLessThan(500);
    expect(details(result)).toEqual([{ path: 'args.users', message: 'takes at most 8 user IDs' }]);
    expect(size(result)).toBeLessThan(2048);
  });

  it('caps a long comma-separated list the same way', () => {
    const result = validateJob({ method: 'conversations.invite', args: { channel: 'C0123456789', users: badUsers(110_000).join(',') } }, deployed);
    expect(details(result)).toEqual([{ path: 'args.users', message: 'takes at most 1000 user IDs' }]);
  });

  it('lists at most 20 problems of 1,000 bad user IDs under the cap, and counts the rest', () => {
    const found = details(validateJob({ method: 'conversations.invite', args: { channel: 'C0123456789', users: badUsers(1000) } }, deployed));
    expect(found).toHaveLength(21);
    expect(found[0]).toEqual({ path: 'args.users[0]', message: expect.stringContaining('must be a user ID') });
    expect(found[20]).toEqual({ path: '', message: '980 more problems not listed' });
  });

  it('gives at most 21 details for a batch of 1,000 bad jobs, and stops checking once full', () => {
    const result = validateBatch({ jobs: Array.from({ length: 1000 }, () => ({ method: 'conversations.info', args: {} })) }, deployed);
    const found = details(result);
    expect(found).toHaveLength(21);
    expect(found.slice(0, 20).map((d) => d.path)).toEqual(Array.from({ length: 20 }, (_, i) => `jobs[${i}].args.channel`));
    expect(found[20]).toEqual({ path: '', message: '980 more jobs not checked' });
    expect(size(result)).toBeLessThan(4096);
  });

  it('names a few of 90,000 unknown arg keys, not each', () => {
    const args = Object.fromEntries(Array.from({ length: 90_000 }, (_, i) => [`key${i}`, 1]));
    const result = validateJob({ method: 'conversations.list', args }, deployed);
    expect(details(result)).toEqual([
      { path: 'args.key0', message: 'is not a known field' },
      { path: 'args.key1', message: 'is not a known field' },
      { path: 'args.key2', message: 'is not a known field' },
      { path: 'args', message: 'has 89997 more unknown fields' },
    ]);
    expect(size(result)).toBeLessThan(1024);
  });

  it('clips long paths and messages', () => {
    const found = details(validateJob({ method: 'conversations.list', args: { ['k'.repeat(100_000)]: 1 } }, deployed));
    expect(found[0].path.length).toBeLessThanOrEqual(200);
    expect(found.every((d) => d.message.length <= 200)).toBe(true);
  });

  describe('characters the queue cannot carry', () => {
    const list = (extra: Record<string, unknown>) => ({ method: 'conversations.members', args: { channel: 'C0123456789', cursor: 'abc', ...extra } });
    it.each([
      ['U+FFFE in args.cursor', list({ cursor: 'abc\uFFFE' }), 'args.cursor', 'U+FFFE'],
      ['U+FFFF in args.cursor', list({ cursor: '\uFFFF' }), 'args.cursor', 'U+FFFF'],
      ['a lone surrogate in args.cursor', list({ cursor: 'x\uD800y' }), 'args.cursor', 'U+D800'],
      ['a control character in args.cursor', list({ cursor: 'a\u0001' }), 'args.cursor', 'U+0001'],
      ['U+FFFF in callback_url', { ...list({}), callback_url: 'https://hooks.example.com/\uFFFF' }, 'callback_url', 'U+FFFF'],
      ['U+FFFE in idempotency_key', { ...list({}), idempotency_key: 'k\uFFFE' }, 'idempotency_key', 'U+FFFE'],
      ['a lone surrogate in method', { method: 'conversations.list\uDC00' }, 'method', 'U+DC00'],
      ['U+FFFF in a nested arg', { method: 'conversations.requestSharedInvite.approve', args: { invite_id: 'I0123456789', message: { text: 'hi\uFFFF', is_override: false } } }, 'args.message.text', 'U+FFFF'],
      ['U+FFFF in a key', list({ 'bad\uFFFF': 1 }), 'args.bad\\uffff', 'U+FFFF'],
    ])('refuses %s, naming the path', (_name, job, path, char) => {
      expect(details(validateJob(job, deployed))).toEqual([{ path, message: expect.stringContaining(char) }]);
    });

    it('names the item of a batch', () => {
      const good = list({});
      expect(details(validateBatch({ jobs: [good, list({ cursor: '\uFFFF' })] }, deployed))).toEqual([{ path: 'jobs[1].args.cursor', message: expect.stringContaining('U+FFFF') }]);
    });

    it('stops after 20 offending strings', () => {
      const jobs = Array.from({ length: 1000 }, () => list({ cursor: '\uFFFF' }));
      const found = details(validateBatch({ jobs }, deployed));
      expect(found).toHaveLength(20);
      expect(found[19].path).toBe('jobs[19].args.cursor');
    });

    it('allows tab, newline, carriage return and emoji', () => {
      const job = { method: 'conversations.setTopic', args: { channel: 'C0123456789', topic: 'a\tb\nc\r😀 ☃ \uE000 \uFFFD' } };
      expect(validateJob(job, deployed).ok).toBe(true);
    });
  });
});
