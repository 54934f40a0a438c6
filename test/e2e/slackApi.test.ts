import { ErrorCode, LogLevel, WebClient, WebClientEvent, type WebAPICallResult } from '@slack/web-api';
import { EXAMPLE_USER_IDS } from '../../local/slack-emulator/state';
import { startTestStack, type TestStack } from '../helpers/e2e';
import { scaledRateLimits } from '../../local/rateScale';
import { EXTRA_WORKSPACES } from '../../local/slack-emulator/server';

/** Short, so that a slow Slack call outlasts it. */
const WAIT_MS = 1000;
const SCALE = 20;

let t: TestStack;
beforeAll(async () => {
  // Slack's minute as 3 s here (not the usual 1 s): the pacer's guard for the way to Slack scales
  // with the window, and 40 creates against a 1 s window leave it 5 ms, which a loaded CI machine's
  // event loop can outlast.
  t = await startTestStack({
    env: { SLACK_PROXY_WAIT_MS: String(WAIT_MS), SLACK_RATE_LIMITS: scaledRateLimits(SCALE), PACING_WINDOW_MS: String(60_000 / SCALE) },
    slackEmulator: { rateLimits: { scale: SCALE } },
  });
});
afterAll(() => t.stop());
afterEach(() => t.stack.slack!.setFaults(undefined));

const proxied = (token = t.apiKey, options: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient(token, { slackApiUrl: `${t.stack.apiUrl}/slack/api/`, logLevel: LogLevel.ERROR, ...options });
// Straight at Slack in the second emulated workspace: the same behaviour, without spending the
// default workspace's limits behind the service's back (which a later test counts 429s against).
const direct = () => new WebClient(EXTRA_WORKSPACES[0].token, { slackApiUrl: t.stack.slack!.url.endsWith('/') ? t.stack.slack!.url : `${t.stack.slack!.url}/` });
const calls = (method: string) => t.stack.slack!.stats().calls[method] ?? 0;

/** An answer's shape: its keys and value types all the way down (IDs, names and times differ). */
const shape = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.length === 0 ? [] : [shape(value[0])];
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  return typeof value;
};

/**
 * The seed's six calls, run by one client: each client opens its own new conversation (a second
 * open of the same one says already_open), and leaves a channel it shares (the last member may not).
 */
const seedCalls = async (client: WebClient, users: string[], name: string, leaving: string): Promise<Record<string, WebAPICallResult>> => {
  const open = await client.conversations.open({ users: users.join(',') });
  const create = await client.conversations.create({ name, is_private: true });
  const channel = (create.channel as { id: string }).id;
  const info = await client.conversations.info({ channel });
  const list = await client.conversations.list({ limit: 5, types: 'public_channel,private_channel' });
  const members = await client.conversations.members({ channel });
  const leave = await client.conversations.leave({ channel: leaving });
  return { open, create, info, list, members, leave };
};

describe('/slack/api with Slack’s own WebClient', () => {
  it('answers the seed’s six calls as Slack (the emulator) answers them directly', async () => {
    const viaService = await seedCalls(proxied(), [EXAMPLE_USER_IDS[0], EXAMPLE_USER_IDS[1]], 'proxy-seed-calls', 'C800000001');
    const viaSlack = await seedCalls(direct(), [EXAMPLE_USER_IDS[0], EXAMPLE_USER_IDS[2]], 'direct-seed-calls', 'C800000002');
    for (const call of Object.keys(viaSlack)) {
      expect([call, shape(viaService[call])]).toEqual([call, shape(viaSlack[call])]);
    }
    expect(viaService.create).toMatchObject({ ok: true, channel: { name: 'proxy-seed-calls', is_private: true } });
  });

  it('throws Slack’s platform error as Slack’s', async () => {
    const error = await proxied().conversations.archive({ channel: 'C0MISSING99' }).catch((e) => e);
    expect(error.code).toBe(ErrorCode.PlatformError);
    expect(error.data).toMatchObject({ ok: false, error: 'channel_not_found' });
  });

  it('refuses a wrong key as invalid_auth, without calling Slack', async () => {
    const before = t.stack.slack!.stats();
    const error = await proxied('not-a-key', { retryConfig: { retries: 0 } }).conversations.create({ name: 'never-made' }).catch((e) => e);
    expect(error.data).toMatchObject({ ok: false, error: 'invalid_auth' });
    const after = t.stack.slack!.stats();
    expect(after.calls).toEqual(before.calls);
    expect(after.created['never-made']).toBeUndefined();
  });

  it('runs 40 parallel creates through one client: all ok, each channel made once, no 429 from Slack', async () => {
    const client = proxied();
    const names = Array.from({ length: 40 }, (_, i) => `proxy-bulk-${i}`);
    const answers = await Promise.all(names.map((name) => client.conversations.create({ name })));
    expect(answers.every((answer) => answer.ok)).toBe(true);
    const { created, rateLimited } = t.stack.slack!.stats();
    for (const name of names) expect(created[name]).toBe(1);
    expect(rateLimited).toBe(0);
  }, 60_000);

  it('answers a create slower than SLACK_PROXY_WAIT_MS with 429, then ok on the client’s own retry, with one Slack call', async () => {
    t.stack.slack!.setFaults({ rate: 1, kinds: ['slow'], slowMs: 2.5 * WAIT_MS, methods: ['conversations.create'] });
    const before = calls('conversations.create');
    const limited: number[] = [];
    const client = proxied(t.apiKey, { retryConfig: { retries: 3 }, rejectRateLimitedCalls: false });
    client.on(WebClientEvent.RATE_LIMITED, (seconds: number) => limited.push(seconds));
    const answer = await client.conversations.create({ name: 'proxy-slow-create' });
    expect(answer).toMatchObject({ ok: true, channel: { name: 'proxy-slow-create' } });
    expect(limited.length).toBeGreaterThanOrEqual(1);
    expect(limited.every((seconds) => Number.isInteger(seconds) && seconds >= 1)).toBe(true);
    expect(calls('conversations.create') - before).toBe(1);
    expect(t.stack.slack!.stats().created['proxy-slow-create']).toBe(1);
  }, 30_000);

  it('gives a form-encoded call an X-Job-Id that /v1/jobs/{id} shows', async () => {
    const response = await fetch(`${t.stack.apiUrl}/slack/api/conversations.create`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.apiKey}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ name: 'proxy-form-call', is_private: 'true' }).toString(),
    });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ ok: true, channel: { name: 'proxy-form-call', is_private: true } });
    const jobId = response.headers.get('x-job-id');
    expect(jobId).toEqual(expect.any(String));
    const job = await t.request(`/v1/jobs/${jobId}`);
    expect(job.status).toBe(200);
    expect(job.body).toMatchObject({ job_id: jobId, method: 'conversations.create', status: 'succeeded', result: body });
  });

  it('answers a repeat of the same request from its job, never a second Slack call', async () => {
    const send = () =>
      fetch(`${t.stack.apiUrl}/slack/api/conversations.info?channel=C01GENERAL`, { headers: { authorization: `Bearer ${t.apiKey}` } });
    const before = calls('conversations.info');
    const first = await send();
    const again = await send();
    expect(again.headers.get('x-job-id')).toBe(first.headers.get('x-job-id'));
    expect(await again.json()).toEqual(await first.json());
    expect(calls('conversations.info') - before).toBe(1);
  });

  it('refuses in Slack’s shape, with nothing sent to Slack', async () => {
    const before = t.stack.slack!.stats().calls;
    const post = (path: string, body: string, headers: Record<string, string> = { authorization: `Bearer ${t.apiKey}` }) =>
      fetch(`${t.stack.apiUrl}/slack/api/${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body }).then(async (r) => ({
        status: r.status,
        body: await r.json(),
      }));
    expect(await post('conversations.create', 'name=x', {})).toEqual({ status: 200, body: { ok: false, error: 'not_authed' } });
    expect(await post('chat.postMessage', 'channel=C01GENERAL&text=hi')).toEqual({ status: 200, body: { ok: false, error: 'unknown_method' } });
    const invalid = await post('conversations.create', 'name=Not%20Valid');
    expect(invalid).toMatchObject({ status: 200, body: { ok: false, error: 'invalid_arguments', response_metadata: { messages: [expect.stringMatching(/^\[ERROR\] name /)] } } });
    expect(await post('conversations.create', `token=${t.apiKey}&name=`)).toMatchObject({ body: { ok: false, error: 'invalid_arguments' } });
    expect(t.stack.slack!.stats().calls).toEqual(before);
  });

  it('answers auth.test from the registry, without a Slack call', async () => {
    const before = calls('auth.test');
    const answer = await proxied().auth.test();
    expect(answer).toMatchObject({ ok: true, team_id: expect.stringMatching(/^T/), user_id: expect.any(String), team: expect.any(String), url: expect.any(String) });
    expect(calls('auth.test')).toBe(before);
  });
});
