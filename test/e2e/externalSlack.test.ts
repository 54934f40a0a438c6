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

  it('refuses work for the default workspace when that server refuses SLACK_BOT_TOKEN, naming why but not the token', async () => {
    // Prepare
    const bad = await startTestStack({ env: { SLACK_API_URL: slack.url, SLACK_BOT_TOKEN: 'xoxb-wrong-token-value' } });
    try {
      const before = slack.stats().calls['conversations.info'] ?? 0;

      // Act
      const submitted = await bad.submit({ method: 'conversations.info', args: { channel: 'C01GENERAL' } });

      // Assess: nothing queued, nothing called, and the operator is told what is wrong.
      expect(submitted.status).toBe(503);
      expect(submitted.body.error).toEqual({ code: 'default_workspace_unavailable', message: 'Slack refused SLACK_BOT_TOKEN (invalid_auth)' });
      expect(JSON.stringify(submitted.body)).not.toContain('xoxb-wrong-token-value');
      expect(slack.stats().calls['conversations.info'] ?? 0).toBe(before);
    } finally {
      await bad.stop();
    }
  });
});
