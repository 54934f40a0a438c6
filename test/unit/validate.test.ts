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
