import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSlackCall } from '../../lib/slack/slackClient';
import { startTestStack, type TestStack } from '../helpers/e2e';

jest.setTimeout(60_000);

/**
 * Slack answers that are not Slack JSON, or too large to read: over the wire, through the real
 * WebClient, the worker's retries and the create reconciliation.
 */
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({ env: { SLACK_TIMEOUT_MS: '2000', JOB_MAX_ATTEMPTS: '3' } });
});
afterAll(() => t.stop());

const run = async (method: string, args: Record<string, unknown>) => {
  const submitted = await t.submit({ method, args });
  expect(submitted.status).toBe(202);
  return (await t.callbackFor(submitted.body.job_id, 30_000)).body as Record<string, any>;
};

describe('answers that are not Slack JSON', () => {
  it.each(['html_200', 'invalid_json', 'empty_body'] as const)('retries an info job that met %s, then succeeds', async (fault) => {
    t.stack.slack!.script('conversations.info', [fault]);
    const before = t.stack.slack!.stats().faults[fault] ?? 0;
    const body = await run('conversations.info', { channel: 'C01GENERAL' });
    expect(body).toMatchObject({ status: 'succeeded', attempts: 2, result: { ok: true, channel: { id: 'C01GENERAL' } } });
    expect(t.stack.slack!.stats().faults[fault]).toBe(before + 1);
  });
});

describe('an answer past the size cap', () => {
  it('is cut off while streaming and retried as response_too_large', async () => {
    const slack = t.stack.slack!;
    slack.script('conversations.info', ['huge_after']);
    const call = createSlackCall({ token: async () => slack.token, apiUrl: slack.url, timeoutMs: 2_000 });
    expect(await call('conversations.info', { channel: 'C01GENERAL' })).toMatchObject({ kind: 'transient', code: 'response_too_large' });
    expect(await call('conversations.info', { channel: 'C01GENERAL' })).toMatchObject({ kind: 'succeeded' });
  });

  it('cuts it off, and a create whose answer was too large reports the channel it made, made once', async () => {
    const name = 'huge-answer';
    t.stack.slack!.script('conversations.create', ['huge_after']);
    const hugeBefore = t.stack.slack!.stats().faults.huge_after ?? 0;
    const rssBefore = process.memoryUsage().rss;
    const body = await run('conversations.create', { name });
    const grewBy = process.memoryUsage().rss - rssBefore;

    expect(body).toMatchObject({ status: 'succeeded', attempts: 2, already_done: 'created_by_earlier_attempt', result: { channel: { name } } });
    expect(body.result.channel.id).toBe(t.stack.slack!.state.findByName(name)?.id);
    const stats = t.stack.slack!.stats();
    expect(stats.created[name]).toBe(1);
    expect(stats.faults.huge_after).toBe(hugeBefore + 1);
    expect(grewBy).toBeLessThan(100 * 1024 * 1024);
  });
});

/** What WebClient gets from a server that answers `status` with `body`, as an outcome. */
describe('through the real WebClient, shapes the emulator does not serve', () => {
  let server: http.Server;
  let answer: { status: number; body: string; type?: string } = { status: 200, body: '' };
  let url = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json', 'retry-after': '3' });
        res.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const callWith = (status: number, body: string, type?: string) => {
    answer = { status, body, type };
    return createSlackCall({ token: async () => 'xoxb-test-token', apiUrl: url, timeoutMs: 2_000 })('conversations.info', { channel: 'C1' });
  };

  it.each([
    ['null', 200, 'null'],
    ['an array', 200, '[]'],
    ['an ok that is not a boolean', 200, '{"ok":"yes"}'],
  ])('retries %s as invalid_response with the HTTP status', async (_, status, body) => {
    const outcome = await callWith(status, body, status === 200 ? undefined : 'text/html');
    expect(outcome).toMatchObject({ kind: 'transient', code: 'invalid_response' });
    expect(outcome.kind === 'transient' && outcome.message).toContain(`HTTP ${status}`);
  });

  it('keeps the meaning of another status: an HTML 502 is retried as http_502, an HTML 404 fails at once', async () => {
    const bad = await callWith(502, '<html><body>Bad Gateway</body></html>', 'text/html');
    expect(bad).toMatchObject({ kind: 'transient', code: 'http_502', message: expect.stringContaining('Bad Gateway') });
    expect(await callWith(404, '<html><body>Not Found</body></html>', 'text/html')).toMatchObject({ kind: 'permanent', code: 'http_404' });
  });

  it('counts a 429 as a rate limit whatever its body', async () => {
    expect(await callWith(429, '<html>Too Many Requests</html>', 'text/html')).toEqual({ kind: 'rate_limited', retryAfterSeconds: 3 });
  });

  it('still reads Slack JSON', async () => {
    expect(await callWith(200, '{"ok":true,"channel":{"id":"C1"}}')).toMatchObject({ kind: 'succeeded', response: { ok: true, channel: { id: 'C1' } } });
    expect(await callWith(200, '{"ok":false,"error":"channel_not_found"}')).toMatchObject({ kind: 'permanent', code: 'channel_not_found' });
  });
});
