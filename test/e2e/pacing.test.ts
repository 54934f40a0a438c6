import { loadConfig } from '../../lib/config/config';
import { ledgerFromConfig } from '../../lib/ledger/ledger';
import { scaledRateLimits } from '../../local/rateScale';
import { startTestStack, TEST_SCALE, type TestStack } from '../helpers/e2e';

const creates = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ method: 'conversations.create', args: { name: `${prefix}-${i}` } }));

/** Submits the jobs as one batch and waits for all their callbacks; returns the seconds it took. */
const runBatch = async (t: TestStack, jobs: Record<string, unknown>[], timeoutMs: number) => {
  const started = Date.now();
  const { status, body } = await t.request('/v1/jobs/batch', { body: { jobs, callback_url: t.inbox.url } });
  expect(status).toBe(202);
  const ids = (body.jobs as { job_id: string }[]).map((j) => j.job_id);
  await t.inbox.waitFor(() => ids.every((id) => t.inbox.acknowledged().has(id)), timeoutMs);
  const callbacks = ids.map((id) => t.inbox.acknowledged().get(id)![0]);
  return { seconds: (Math.max(...callbacks.map((c) => c.at)) - started) / 1000, statuses: callbacks.map((c) => c.body.status) };
};

describe('pacing end to end', () => {
  describe('at Slack’s real limits', () => {
    let t: TestStack;
    beforeAll(async () => {
      t = await startTestStack({ env: { SLACK_RATE_LIMITS: scaledRateLimits(1), PACING_WINDOW_MS: '60000' }, slackEmulator: { rateLimits: { scale: 1 } } });
    });
    afterAll(() => t.stop());

    it('takes a burst of 20 creates into one idle window: done within seconds, no 429', async () => {
      const { seconds, statuses } = await runBatch(t, creates('burst', 20), 60_000);
      expect(statuses.every((s) => s === 'succeeded')).toBe(true);
      expect(t.stack.slack!.stats().rateLimited).toBe(0);
      // Slack allows 20 creates a minute: evenly spaced they would take a minute.
      expect(seconds).toBeLessThan(10);
    }, 90_000);
  });

  describe('sharing create’s quota with another client (limits ×60)', () => {
    let t: TestStack;
    beforeAll(async () => {
      t = await startTestStack();
    });
    afterAll(() => t.stop());

    it('learns the half it is left from a handful of 429s, and finishes every job', async () => {
      // The other client spends 10 of create's 20 a minute, from before the run.
      t.stack.slack!.background('conversations.create', 10);
      await new Promise((resolve) => setTimeout(resolve, 60_000 / TEST_SCALE));
      const { seconds, statuses } = await runBatch(t, creates('shared', 100), 120_000);
      const other = t.stack.slack!.background('conversations.create', 0);
      expect(statuses.every((s) => s === 'succeeded')).toBe(true);
      const limited = t.stack.slack!.stats().rateLimited;
      // Not one 429 per call: the allowance comes down to what is left and stays near it.
      expect(limited).toBeLessThanOrEqual(8);
      expect(other.taken).toBeGreaterThan(0);
      // 100 creates at the 10 a second left take 10 s at best.
      expect(seconds).toBeLessThan(30);
      const stats = await ledgerFromConfig(loadConfig(t.stack.env)).pacing.list();
      const create = stats.find((s) => s.method === 'conversations.create');
      if (t.stack.env.PACING_STORE !== 'memory') {
        expect(create).toMatchObject({ limit_per_minute: 20 * TEST_SCALE, rate_limited_last_hour: limited });
        expect(create!.allowance_per_minute).toBeLessThan(20 * TEST_SCALE);
      }
    }, 150_000);
  });
});
