import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../../lib/queue/sqsClient';
import { startTestStack, type TestStack } from '../helpers/e2e';
import { EMULATOR_OAUTH, EXTRA_WORKSPACES } from '../../local/slack-emulator/server';

jest.setTimeout(60_000);

const API_KEY = 'sk-e2e-api-key-7f3a9c';
const TOKEN = 'xoxb-e2e-secret-token-5b1d';
const SIGNING = 'whsec_ZTJlLXNpZ25pbmctc2VjcmV0LXZhbHVlLTAxMjM=';
const STATE_SECRET = 'e2e-oauth-state-secret-91c2';
const [TWO, THREE] = EXTRA_WORKSPACES;
const SECRETS = [API_KEY, TOKEN, SIGNING, SIGNING.slice('whsec_'.length), TWO.token, THREE.token, EMULATOR_OAUTH.clientSecret, STATE_SECRET];

const output: string[] = [];
let t: TestStack;
let restore: () => void;

beforeAll(async () => {
  // Every line any component writes, at the chattiest level.
  const capture = (chunk: unknown) => {
    output.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  restore = () => {
    out.mockRestore();
    err.mockRestore();
  };
  t = await startTestStack({
    env: { LOG_LEVEL: 'DEBUG', API_KEYS: API_KEY, CALLBACK_SIGNING_SECRET: SIGNING, CALLBACK_RETRY_DELAYS: '1', SLACK_STATE_SECRET: STATE_SECRET },
    slackEmulator: { token: TOKEN },
    sqsSpy: true,
  });
});
afterAll(async () => {
  await t.stop();
  restore();
});

describe('secrets', () => {
  it('never reach a log line, a queue message, a callback body or an error response', async () => {
    const answers: string[] = [];
    const record = async (res: Promise<{ status: number; body: unknown }>) => {
      const r = await res;
      answers.push(JSON.stringify(r.body));
      return r;
    };

    // Successes, Slack faults (warnings and retries), a permanent failure.
    t.stack.slack!.script('conversations.info', ['http_500', 'internal_error']);
    const ok = await record(t.submit({ method: 'conversations.info', args: { channel: 'C01GENERAL' } }));
    const failed = await record(t.submit({ method: 'conversations.info', args: { channel: 'C0NOTREAL1' } }));
    // Bad input of every kind, including a token in args and wrong keys.
    await record(t.request('/v1/jobs', { body: { method: 'conversations.info', args: { channel: 'C01GENERAL', token: TOKEN } } }));
    await record(t.request('/v1/jobs', { body: { method: 'conversations.info', args: {} }, headers: { authorization: `Bearer ${API_KEY}x` } }));
    await record(t.request('/v1/jobs', { rawBody: `{"method": "${SIGNING}` }));
    // A poison message (error log) and a callback that is dead-lettered (error log).
    const sqs = createSqsClient({ region: 'us-east-1', sqsEndpoint: t.stack.sqs.endpoint });
    await sqs.send(new SendMessageCommand({ QueueUrl: t.stack.sqs.queues.jobs, MessageBody: '{oops', MessageGroupId: 'default:conversations.info', MessageDeduplicationId: 'poison-secrets' }));
    sqs.destroy();
    // Workspaces: a token registered, one refused, a job in another workspace, an install, listings.
    await record(t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'PUT', body: { bot_token: TWO.token } }));
    await record(t.request(`/v1/workspaces/${THREE.seed.teamId}`, { method: 'PUT', body: { bot_token: THREE.token } }));
    const other = await record(t.submit({ method: 'conversations.info', args: { channel: 'C01GENERAL' }, workspace: TWO.seed.teamId }));
    const start = await fetch(`${t.stack.apiUrl}/slack/install?team=${THREE.seed.teamId}`, { redirect: 'manual' });
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' });
    const installed = await fetch(consent.headers.get('location')!, { headers: { cookie: start.headers.getSetCookie()[0].split(';')[0] } });
    answers.push(await installed.text());
    await record(t.request('/v1/workspaces'));
    await record(t.request('/v1/overview'));
    // The Slack-compatible endpoint, with a wrong key and a good one.
    for (const key of [`${API_KEY}x`, API_KEY]) {
      const res = await fetch(`${t.stack.apiUrl}/slack/api/conversations.info?channel=C01GENERAL`, { headers: { authorization: `Bearer ${key}` } });
      answers.push(await res.text());
    }
    await t.callbackFor((other.body as any).job_id);
    t.inbox.setBehaviour(() => 500);
    const dead = await record(t.submit({ method: 'conversations.list', args: { limit: 1 } }));
    const deadId = (dead.body as { job_id: string }).job_id;
    await t.inbox.waitFor((r) => r.filter((x) => x.id === deadId).length === 2);
    t.inbox.setBehaviour(undefined);
    await t.callbackFor((ok.body as any).job_id);
    await t.callbackFor((failed.body as any).job_id);
    await new Promise((resolve) => setTimeout(resolve, 1_000));

    const logs = output.join('');
    const queued = t.stack.sqs.server.spy.getAllMessages().map((m) => JSON.stringify(m)).join('\n');
    const callbacks = t.inbox.received.map((r) => JSON.stringify(r.body)).join('\n');
    // The run did produce what is being searched.
    expect(logs).toMatch(/"level":"WARN".*transient failure/);
    expect(logs).toMatch(/"level":"ERROR".*poison job message/);
    expect(logs).toMatch(/"level":"ERROR".*callback moved to the DLQ/);
    expect(answers.filter((a) => a.includes('"error"'))).toHaveLength(5);
    for (const secret of SECRETS) {
      expect({ where: 'logs', found: logs.includes(secret) }).toEqual({ where: 'logs', found: false });
      expect({ where: 'queue messages', found: queued.includes(secret) }).toEqual({ where: 'queue messages', found: false });
      expect({ where: 'callback bodies', found: callbacks.includes(secret) }).toEqual({ where: 'callback bodies', found: false });
      expect({ where: 'error responses', found: answers.join('\n').includes(secret) }).toEqual({ where: 'error responses', found: false });
    }
  });
});
