import { startSlackEmulator, type SlackEmulator } from '../../local/slack-emulator/server';
import { startTestStack, type TestStack } from '../helpers/e2e';

// Another Slack-compatible server, reached only through SLACK_API_URL and SLACK_BOT_TOKEN.
let slack: SlackEmulator;
let t: TestStack;
beforeAll(async () => {
  slack = await startSlackEmulator({ token: 'xoxb-external-server-token', rateLimits: false });
  t = await startTestStack({ env: { SLACK_API_URL: slack.url, SLACK_BOT_TOKEN: 'xoxb-external-server-token' } });
});
afterAll(async () => {
  await t.stop();
  await slack.close();
});

describe('pointed at another Slack via SLACK_API_URL', () => {
  it('starts no emulator of its own and sends the calls there', async () => {
    expect(t.stack.slack).toBeUndefined();
    const submitted = await t.submit({ method: 'conversations.create', args: { name: 'external-channel' } });
    const callback = await t.callbackFor(submitted.body.job_id);
    expect(callback.body).toMatchObject({ status: 'succeeded', result: { ok: true, channel: { name: 'external-channel' } } });
    expect(slack.stats().created).toEqual({ 'external-channel': 1 });
  });

  it('reports that server’s auth failure as a permanent error without leaking the token', async () => {
    const bad = await startTestStack({ env: { SLACK_API_URL: slack.url, SLACK_BOT_TOKEN: 'xoxb-wrong-token-value' } });
    try {
      const submitted = await bad.submit({ method: 'conversations.info', args: { channel: 'C01GENERAL' } });
      const callback = await bad.callbackFor(submitted.body.job_id);
      expect(callback.body).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'invalid_auth', retryable: false } });
      expect(JSON.stringify(callback.body)).not.toContain('xoxb-wrong-token-value');
    } finally {
      await bad.stop();
    }
  });
});
