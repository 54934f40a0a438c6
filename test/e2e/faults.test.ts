import { startTestStack, type TestStack } from '../helpers/e2e';

jest.setTimeout(120_000);

// Slack misbehaves on ~25% of calls (every kind, seeded), answers get lost after the work is done,
// and the callback receiver fails the first two deliveries of every job.
let t: TestStack;
beforeAll(async () => {
  t = await startTestStack({
    env: { SLACK_TIMEOUT_MS: '400', JOB_MAX_ATTEMPTS: '12', CALLBACK_RETRY_DELAYS: '1,1,1,1' },
    slackEmulator: {
      faults: {
        rate: 0.25,
        seed: 7,
        kinds: ['http_500', 'http_503', 'internal_error', 'ratelimited', 'ratelimited_no_retry_after', 'hang', 'hang_after', 'slow'],
        slowMs: 50,
        hangMs: 1_000,
      },
    },
  });
  t.inbox.setBehaviour(({ attempt }) => (attempt <= 2 ? 503 : undefined));
});
afterAll(() => t.stop());

describe('under Slack faults and a flaky receiver', () => {
  it('answers every job exactly once, loses nothing and creates no channel twice', async () => {
    const names = Array.from({ length: 30 }, (_, i) => `fault-run-${i}`);
    const jobs = [
      ...names.map((name) => ({ method: 'conversations.create', args: { name } })),
      ...Array.from({ length: 15 }, () => ({ method: 'conversations.info', args: { channel: 'C01GENERAL' } })),
      ...Array.from({ length: 15 }, () => ({ method: 'conversations.members', args: { channel: 'C01GENERAL', limit: 100 } })),
    ];
    // The first create surely does its work and loses the answer, besides the random faults.
    t.stack.slack!.script('conversations.create', ['hang_after']);
    const res = await t.request('/v1/jobs/batch', { body: { jobs, callback_url: t.inbox.url } });
    expect(res.status).toBe(202);
    const ids: string[] = res.body.jobs.map((j: { job_id: string }) => j.job_id);

    await t.inbox.waitFor(() => ids.every((id) => t.inbox.acknowledged().has(id)), 100_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const acknowledged = t.inbox.acknowledged();
    expect(ids.filter((id) => acknowledged.get(id)?.length !== 1)).toEqual([]);
    const bodies = ids.map((id) => acknowledged.get(id)![0].body);
    expect(bodies.filter((b) => b.status !== 'succeeded')).toEqual([]);
    const stats = t.stack.slack!.stats();
    expect(Object.values(stats.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(5);
    expect(stats.faults.hang_after).toBeGreaterThanOrEqual(1);
    expect(names.map((name) => stats.created[name])).toEqual(names.map(() => 1));
    expect(bodies.filter((b) => b.already_done === 'created_by_earlier_attempt').length).toBeGreaterThanOrEqual(1);
    // Every receiver failure was retried with the same webhook-id: three deliveries per job.
    expect(ids.every((id) => t.inbox.received.filter((r) => r.id === id).length === 3)).toBe(true);
  });
});
