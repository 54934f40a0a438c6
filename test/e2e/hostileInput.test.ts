import { GENERAL_CHANNEL_ID } from '../../local/slack-emulator/state';
import { queueContents, startTestStack, type TestStack } from '../helpers/e2e';

/**
 * Issue 14's probes over the wire: huge lists, thousands of unknown keys and characters SQS refuses
 * must each get a small 400, with nothing queued and no Slack call.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t.stop());

const C = 'C0123456789';
const xs = (n: number) => Array.from({ length: n }, () => 'x');
const manyKeys = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i.toString(36), 0]));

/** Sends the body and checks the refusal is a small 400 that queued nothing and called no Slack method. */
const refused = async (path: string, body: unknown) => {
  const queued = queueContents(t.stack, t.stack.sqs.queues.jobs).length;
  const calls = JSON.stringify(t.stack.slack!.stats().calls);
  const res = await t.request(path, { body });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('validation_failed');
  expect(Buffer.byteLength(JSON.stringify(res.body))).toBeLessThan(8 * 1024);
  expect(queueContents(t.stack, t.stack.sqs.queues.jobs)).toHaveLength(queued);
  expect(JSON.stringify(t.stack.slack!.stats().calls)).toBe(calls);
  return res.body.error.details as { path: string; message: string }[];
};

describe('oversized input gets a small 400', () => {
  it('POST /v1/jobs: conversations.open with 125,000 bad user IDs', async () => {
    expect(await refused('/v1/jobs', { method: 'conversations.open', args: { users: xs(125_000) } })).toEqual([{ path: 'args.users', message: 'takes at most 8 user IDs' }]);
  });

  it('POST /v1/jobs: 110,000 bad user IDs as a comma-separated string', async () => {
    expect(await refused('/v1/jobs', { method: 'conversations.invite', args: { channel: C, users: xs(110_000).join(',') } })).toEqual([{ path: 'args.users', message: 'takes at most 1000 user IDs' }]);
  });

  it('POST /v1/jobs: 90,000 unknown arg keys', async () => {
    const details = await refused('/v1/jobs', { method: 'conversations.info', args: { channel: C, ...manyKeys(90_000) } });
    expect(details.length).toBeLessThanOrEqual(4);
    expect(details.at(-1)).toEqual({ path: 'args', message: expect.stringMatching(/more unknown fields/) });
  });

  it('POST /v1/jobs/batch: 1,000 bad jobs', async () => {
    const details = await refused('/v1/jobs/batch', { jobs: Array.from({ length: 1000 }, () => ({ method: 'conversations.invite', args: { channel: 'general', users: 'x' } })) });
    expect(details.length).toBeLessThanOrEqual(21);
    expect(details.at(-1)?.message).toMatch(/more jobs not checked/);
  });

  it('POST /v1/channels/ensure: 125,000 bad members and 90,000 unknown keys', async () => {
    expect(await refused('/v1/channels/ensure', { name: 'hostile', members: xs(125_000) })).toEqual([{ path: 'members', message: 'takes at most 1000 user IDs' }]);
    expect((await refused('/v1/channels/ensure', { name: 'hostile', ...manyKeys(90_000) })).length).toBeLessThanOrEqual(4);
  });
});

describe('characters SQS refuses get a 400 naming the path', () => {
  const members = { method: 'conversations.members', args: { channel: C, cursor: 'dXNlcjpVMDYx' } };

  it.each([
    ['U+FFFE in args.cursor', { ...members, args: { channel: C, cursor: 'dXNl\uFFFE' } }, 'args.cursor'],
    ['U+FFFF in args.cursor', { ...members, args: { channel: C, cursor: 'dXNl\uFFFF' } }, 'args.cursor'],
    ['a lone surrogate in args.cursor', { ...members, args: { channel: C, cursor: 'dXNl\uD800' } }, 'args.cursor'],
    ['a control character in args.cursor', { ...members, args: { channel: C, cursor: 'dXNl\u0000' } }, 'args.cursor'],
    ['U+FFFF in callback_url', { ...members, callback_url: 'https://hooks.example.com/\uFFFF' }, 'callback_url'],
    ['U+FFFE in idempotency_key', { ...members, idempotency_key: 'key\uFFFE' }, 'idempotency_key'],
    ['U+FFFF in a nested arg', { method: 'conversations.requestSharedInvite.approve', args: { invite_id: 'I0123456789', message: { text: 'hi\uFFFF', is_override: false } } }, 'args.message.text'],
    ['U+FFFF in a key', { ...members, args: { channel: C, 'cursor\uFFFF': 'x' } }, 'args.cursor\\uffff'],
  ])('POST /v1/jobs: %s', async (_name, body, path) => {
    expect(await refused('/v1/jobs', body)).toEqual([{ path, message: expect.stringContaining('cannot carry') }]);
  });

  it('POST /v1/jobs/batch: one bad item of ten, and none of the ten is queued', async () => {
    const jobs = Array.from({ length: 10 }, (_, i) => ({ ...members, args: { channel: C, cursor: i === 9 ? 'dXNl\uFFFF' : 'dXNlcjpVMDYx' } }));
    expect(await refused('/v1/jobs/batch', { jobs })).toEqual([{ path: 'jobs[9].args.cursor', message: expect.stringContaining('U+FFFF') }]);
  });

  it('POST /v1/channels/ensure: U+FFFF in the topic', async () => {
    expect(await refused('/v1/channels/ensure', { name: 'hostile', topic: 'Renewals \uFFFF' })).toEqual([{ path: 'topic', message: expect.stringContaining('U+FFFF') }]);
  });

  it('POST /v1/sweeps: U+FFFE in the action arguments', async () => {
    const body = { action: 'conversations.setTopic', select: { name_prefix: 'hostile-' }, args: { topic: 'x\uFFFE' } };
    expect(await refused('/v1/sweeps', body)).toEqual([{ path: 'args.topic', message: expect.stringContaining('U+FFFE') }]);
  });

  // Emoji pass validation (see test/unit/validate.test.ts), but the local SQS emulator (fauxqs)
  // refuses characters above U+FFFF that real SQS takes, so this job holds none.
  it('still queues a job whose strings hold tab, newline and other characters SQS takes', async () => {
    const res = await t.request('/v1/jobs', { body: { method: 'conversations.setTopic', args: { channel: GENERAL_CHANNEL_ID, topic: 'Renewals\t\n\r☃ é \uE000 \uFFFD' } } });
    expect(res.status).toBe(202);
  });
});
