import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../../lib/queue/sqsClient';
import { EXAMPLE_USER_IDS, GENERAL_CHANNEL_ID, RANDOM_CHANNEL_ID } from '../../local/slack-emulator/state';
import { queueContents, startTestStack, type TestStack } from '../helpers/e2e';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ env: { JOB_MAX_ATTEMPTS: '3' }, sqsSpy: true });
});
afterAll(() => t.stop());

const calls = (method: string) => t.stack.slack!.stats().calls[method] ?? 0;
const run = async (job: Record<string, unknown>) => {
  const submitted = await t.submit(job);
  expect(submitted.status).toBe(202);
  return (await t.callbackFor(submitted.body.job_id)).body as Record<string, any>;
};

describe('each seed operation, over HTTP → SQS → worker → Slack emulator → signed callback', () => {
  it('conversations.create makes a private channel', async () => {
    const submitted = await t.submit({ method: 'conversations.create', args: { name: 'myprivatechannel', is_private: true }, idempotency_key: 'crm-acme' });
    expect(submitted).toMatchObject({ status: 202, body: { job_id: expect.any(String), status: 'queued', method: 'conversations.create' } });
    expect(Object.keys(submitted.body).sort()).toEqual(['job_id', 'method', 'status']);
    const callback = await t.callbackFor(submitted.body.job_id);
    expect(callback.verified).toBe(true);
    expect(callback.body).toEqual({
      job_id: submitted.body.job_id,
      workspace: 'T0LOCAL001',
      method: 'conversations.create',
      status: 'succeeded',
      attempts: 1,
      result: expect.objectContaining({ ok: true, channel: expect.objectContaining({ name: 'myprivatechannel', is_private: true, id: expect.stringMatching(/^C/) }) }),
      idempotency_key: 'crm-acme',
      enqueued_at: expect.any(String),
      completed_at: expect.any(String),
    });
  });

  it('conversations.open with the seed users returns the same conversation for the same set', async () => {
    const first = await run({ method: 'conversations.open', args: { users: EXAMPLE_USER_IDS } });
    const again = await run({ method: 'conversations.open', args: { users: [...EXAMPLE_USER_IDS].reverse().join(',') } });
    expect(first).toMatchObject({ status: 'succeeded', result: { ok: true, channel: { id: expect.stringMatching(/^G/), is_mpim: true } } });
    expect(again).toMatchObject({ status: 'succeeded', already_done: 'already_open', result: { channel: { id: first.result.channel.id } } });
  });

  it('conversations.info describes #general', async () => {
    const body = await run({ method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID, include_num_members: true } });
    expect(body).toMatchObject({ status: 'succeeded', result: { ok: true, channel: { id: GENERAL_CHANNEL_ID, name: 'general', is_general: true } } });
  });

  it('conversations.list takes the seed types with a space; public only by default', async () => {
    const both = await run({ method: 'conversations.list', args: { types: 'public_channel, private_channel', limit: 999 } });
    const publicOnly = await run({ method: 'conversations.list', args: { limit: 999 } });
    const names = (body: Record<string, any>) => body.result.channels.map((c: { name: string }) => c.name);
    expect(names(both)).toEqual(expect.arrayContaining(['general', 'leadership']));
    expect(names(publicOnly)).toContain('general');
    expect(names(publicOnly)).not.toContain('leadership');
  });

  it('conversations.leave leaves a channel, and leaving again counts as already done', async () => {
    const first = await run({ method: 'conversations.leave', args: { channel: RANDOM_CHANNEL_ID } });
    const again = await run({ method: 'conversations.leave', args: { channel: RANDOM_CHANNEL_ID } });
    expect(first).toMatchObject({ status: 'succeeded', result: { ok: true } });
    expect(again).toMatchObject({ status: 'succeeded', already_done: 'not_in_channel' });
  });

  it('conversations.members returns a page of members', async () => {
    const body = await run({ method: 'conversations.members', args: { channel: GENERAL_CHANNEL_ID, limit: 50 } });
    expect(body.result.members).toHaveLength(50);
    expect(body.result.response_metadata.next_cursor).not.toBe('');
  });
});

describe('pagination', () => {
  it('follows cursors and returns every member of #general in one result', async () => {
    const expected = t.stack.slack!.state.conversations.get(GENERAL_CHANNEL_ID)!.members.length;
    const body = await run({ method: 'conversations.members', args: { channel: GENERAL_CHANNEL_ID }, paginate: true });
    expect(expected).toBeGreaterThan(200);
    expect(body.result.members).toHaveLength(expected);
    expect(new Set(body.result.members).size).toBe(expected);
    expect(body.result.response_metadata.next_cursor).toBe('');
  });

  it('stops at max_items with a cursor, from which a second job resumes', async () => {
    const first = await run({ method: 'conversations.list', paginate: true, max_items: 60, args: { limit: 50 } });
    expect(first.result).toMatchObject({ truncated: true });
    expect(first.result.channels).toHaveLength(60);
    const cursor = first.result.response_metadata.next_cursor;
    const rest = await run({ method: 'conversations.list', paginate: true, args: { cursor, limit: 200 } });
    const all = [...first.result.channels, ...rest.result.channels].map((c: { id: string }) => c.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['C01GENERAL', 'C8' + '00000150']));
  });
});

describe('Slack errors', () => {
  it('ends a permanent error as failed after one call', async () => {
    const before = calls('conversations.info');
    const body = await run({ method: 'conversations.info', args: { channel: 'C0NOTREAL1' } });
    expect(body).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'channel_not_found', retryable: false } });
    expect(calls('conversations.info') - before).toBe(1);
  });

  it('waits out a 429 by Retry-After and then succeeds', async () => {
    t.stack.slack!.script('conversations.members', ['ratelimited']);
    const before = t.stack.slack!.stats().rateLimited;
    const body = await run({ method: 'conversations.members', args: { channel: RANDOM_CHANNEL_ID } });
    // Waiting for a rate limit is not an attempt.
    expect(body).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(t.stack.slack!.stats().rateLimited - before).toBe(1);
  });

  it('waits out a 429 without Retry-After using the fallback', async () => {
    t.stack.slack!.script('conversations.members', ['ratelimited_no_retry_after']);
    const before = t.stack.slack!.stats().rateLimited;
    const body = await run({ method: 'conversations.members', args: { channel: GENERAL_CHANNEL_ID, limit: 5 } });
    expect(body).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(t.stack.slack!.stats().rateLimited - before).toBe(1);
  });

  it('retries transient errors (HTTP 503, internal_error) and succeeds', async () => {
    t.stack.slack!.script('conversations.open', ['http_503', 'internal_error']);
    const body = await run({ method: 'conversations.open', args: { users: ['U2345678901'] } });
    expect(body).toMatchObject({ status: 'succeeded', attempts: 3, result: { ok: true, channel: { id: expect.stringMatching(/^D/) } } });
  });

  it('ends as failed, retryable, when transient errors outlast JOB_MAX_ATTEMPTS', async () => {
    t.stack.slack!.script('conversations.list', ['http_500', 'http_500', 'http_500']);
    const body = await run({ method: 'conversations.list', args: {} });
    expect(body).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'http_500', retryable: true } });
  });
});

describe('callback delivery', () => {
  it('retries a failing receiver with the same webhook-id until it acknowledges', async () => {
    t.inbox.setBehaviour(({ attempt }) => (attempt <= 2 ? 500 : undefined));
    try {
      const submitted = await t.submit({ method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID } });
      await t.callbackFor(submitted.body.job_id);
      const deliveries = t.inbox.received.filter((r) => r.id === submitted.body.job_id);
      expect(deliveries.map((d) => d.answered)).toEqual([500, 500, 204]);
      expect(deliveries.every((d) => d.verified && d.body.status === 'succeeded')).toBe(true);
      expect(calls('conversations.info')).toBeGreaterThan(0);
    } finally {
      t.inbox.setBehaviour(undefined);
    }
  });

  it('stops on 410 Gone and, when the receiver never acknowledges, keeps the callback in the DLQ', async () => {
    // Both answers are slow (2 s), so the receiver's behaviour is set before either callback comes.
    t.stack.slack!.script('conversations.info', ['slow', 'slow']);
    const gone = await t.submit({ method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID } });
    const dead = await t.submit({ method: 'conversations.info', args: { channel: RANDOM_CHANNEL_ID } });
    t.inbox.setBehaviour(({ id }) => (id === gone.body.job_id ? 410 : id === dead.body.job_id ? 503 : undefined));
    try {
      await t.inbox.waitFor((r) => r.filter((x) => x.id === dead.body.job_id).length === 4);
      // The last answer is in; the DLQ and the ledger follow a moment later.
      const until = Date.now() + 10_000;
      while ((await t.request(`/v1/jobs/${dead.body.job_id}`)).body.callback.status !== 'failed' && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(t.inbox.received.filter((r) => r.id === gone.body.job_id).map((r) => r.answered)).toEqual([410]);
      const dlq = queueContents(t.stack, t.stack.sqs.queues.callbacksDlq).map((m) => JSON.parse(m.body));
      expect(dlq).toEqual([{ v: 2, kind: 'job', id: dead.body.job_id }]);
      expect((await t.request(`/v1/jobs/${gone.body.job_id}`)).body.callback).toMatchObject({ status: 'failed', attempts: 1, last_status: 410 });
      expect((await t.request(`/v1/jobs/${dead.body.job_id}`)).body.callback).toMatchObject({ status: 'failed', attempts: 4, last_status: 503 });
    } finally {
      t.inbox.setBehaviour(undefined);
    }
  });
});

describe('idempotency and batches', () => {
  it('gives the same job_id for the same key and never runs a second job', async () => {
    const job = { method: 'conversations.create', args: { name: 'customer-initech' }, idempotency_key: 'crm-initech' };
    const [a, b] = [await t.submit(job), await t.submit(job)];
    expect(a.body.job_id).toBe(b.body.job_id);
    expect([a.status, b.status, b.body.duplicate]).toEqual([202, 200, true]);
    await t.callbackFor(a.body.job_id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(t.stack.slack!.stats().created['customer-initech']).toBe(1);
    expect(t.inbox.received.filter((r) => r.id === a.body.job_id)).toHaveLength(1);
  });

  it('queues a batch in request order and answers every job', async () => {
    const jobs = Array.from({ length: 30 }, (_, i) =>
      i % 3 === 0 ? { method: 'conversations.create', args: { name: `batch-${i}` } } : { method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID } },
    );
    const res = await t.request('/v1/jobs/batch', { body: { jobs, callback_url: t.inbox.url } });
    expect(res.status).toBe(202);
    expect(res.body.jobs).toHaveLength(30);
    const callbacks = await Promise.all(res.body.jobs.map((j: { job_id: string }) => t.callbackFor(j.job_id)));
    expect(callbacks.map((c) => c.body.method)).toEqual(jobs.map((j) => j.method));
    expect(callbacks.every((c) => c.body.status === 'succeeded')).toBe(true);
  });

  it('refuses a batch with one bad item, naming its index, and queues nothing', async () => {
    const before = t.stack.slack!.stats().calls;
    const jobs = [{ method: 'conversations.create', args: { name: 'never-created' } }, { method: 'conversations.create', args: { name: 'Not Valid' } }];
    const res = await t.request('/v1/jobs/batch', { body: { jobs, callback_url: t.inbox.url } });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'jobs[1].args.name', message: expect.any(String) }]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(t.stack.slack!.stats().calls).toEqual(before);
    expect(t.stack.slack!.state.findByName('never-created')).toBeUndefined();
  });
});

describe('bad input over HTTP: a clear error and nothing queued', () => {
  const job = { method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID } };
  it.each([
    ['no API key', { body: job, headers: { authorization: '' } }, 401, 'unauthorized'],
    ['a wrong API key', { body: job, headers: { authorization: 'Bearer wrong' } }, 401, 'unauthorized'],
    ['an unknown route', { body: job, path: '/v1/nothing' }, 404, 'not_found'],
    ['a wrong verb', { method: 'PUT', body: job }, 405, 'method_not_allowed'],
    ['a body over 1 MiB', { rawBody: JSON.stringify({ ...job, pad: 'x'.repeat(1_100_000) }) }, 413, 'payload_too_large'],
    ['a non-JSON content type', { body: job, headers: { 'content-type': 'text/plain' } }, 415, 'unsupported_media_type'],
    ['malformed JSON', { rawBody: '{"method":' }, 400, 'invalid_json'],
    ['a token in args', { body: { ...job, args: { ...job.args, token: 'xoxb-nope' } } }, 400, 'validation_failed'],
    ['an unknown method', { body: { method: 'chat.postMessage', args: {} } }, 400, 'validation_failed'],
  ])('%s', async (_label, init: any, status, code) => {
    const before = queueContents(t.stack, t.stack.sqs.queues.jobs).length;
    const res = await t.request(init.path ?? '/v1/jobs', init);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: { code, message: expect.any(String), ...(res.body.error.details && { details: expect.any(Array) }) } });
    expect(queueContents(t.stack, t.stack.sqs.queues.jobs).length).toBe(before);
  });

  it('answers /healthz without a key', async () => {
    const res = await t.request('/healthz', { headers: { authorization: '' } });
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('robustness and secrets', () => {
  it('moves a poison message to the DLQ without blocking the jobs behind it', async () => {
    const sqs = createSqsClient({ region: 'us-east-1', sqsEndpoint: t.stack.sqs.endpoint });
    await sqs.send(new SendMessageCommand({ QueueUrl: t.stack.sqs.queues.jobs, MessageBody: '{not json', MessageGroupId: 'default:conversations.info', MessageDeduplicationId: 'poison-1' }));
    const body = await run({ method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID } });
    expect(body.status).toBe('succeeded');
    expect(queueContents(t.stack, t.stack.sqs.queues.jobsDlq).map((m) => m.body)).toContain('{not json');
    sqs.destroy();
  });

  it('never puts a secret in a queue message or a callback body', async () => {
    const secrets = [t.apiKey, String(t.stack.env.SLACK_BOT_TOKEN), String(t.stack.env.CALLBACK_SIGNING_SECRET)];
    const spied = t.stack.sqs.server.spy.getAllMessages().map((m) => JSON.stringify(m));
    expect(spied.length).toBeGreaterThan(50);
    const everything = [...spied, ...t.inbox.received.map((r) => JSON.stringify(r.body))].join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
