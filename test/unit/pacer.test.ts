import { intervalFromRate, Pacer } from '../../lib/worker/pacer';
import { rateFor } from '../../lib/operations/methods';
import { fakeClock } from '../helpers/fakes';

describe('pacer', () => {
  const tiers = (method: string) => intervalFromRate(rateFor(method), 1);

  it('spaces one group’s calls at its tier rate', async () => {
    const time = fakeClock();
    const pacer = new Pacer(tiers, time.clock);
    for (let i = 0; i < 4; i += 1) await pacer.acquire('default:conversations.create', 'conversations.create', 5_000);
    expect(time.sleeps).toEqual([3_000, 3_000, 3_000]);
  });

  it('keeps any 60 s window at or under the limit', async () => {
    const time = fakeClock();
    const pacer = new Pacer((m) => intervalFromRate(rateFor(m), 0.95), time.clock);
    const at: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      await pacer.acquire('w:conversations.info', 'conversations.info', 5_000);
      at.push(time.clock.now());
    }
    const most = Math.max(...at.map((start) => at.filter((t) => t >= start && t < start + 60_000).length));
    expect(most).toBeLessThanOrEqual(50);
    expect(most).toBeGreaterThanOrEqual(47);
  });

  it('paces groups independently', async () => {
    const time = fakeClock();
    const pacer = new Pacer(tiers, time.clock);
    await pacer.acquire('w:conversations.create', 'conversations.create', 5_000);
    await pacer.acquire('w:conversations.members', 'conversations.members', 5_000);
    await pacer.acquire('v:conversations.create', 'conversations.create', 5_000);
    expect(time.sleeps).toEqual([]);
  });

  it('returns a wait longer than the sleep cap instead of sleeping it', async () => {
    const time = fakeClock();
    const pacer = new Pacer(() => 60_000, time.clock);
    await pacer.acquire('w:conversations.history', 'conversations.history', 5_000);
    time.advance(10_000);
    await expect(pacer.acquire('w:conversations.history', 'conversations.history', 5_000)).resolves.toEqual({ acquired: false, waitMs: 50_000 });
    expect(time.sleeps).toEqual([]);
  });

  it('queues concurrent callers of one group in slot order', async () => {
    // Time stands still: each caller's sleep shows the slot it reserved before sleeping.
    const sleeps: number[] = [];
    const frozen = { now: () => 5_000, sleep: async (ms: number) => void sleeps.push(ms) };
    const pacer = new Pacer(() => 1_000, frozen);
    await Promise.all([1, 2, 3].map(() => pacer.acquire('g', 'm', 5_000)));
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('pauses a group for Retry-After after a 429', async () => {
    const time = fakeClock();
    const pacer = new Pacer(() => 100, time.clock);
    await pacer.acquire('g', 'm', 5_000);
    pacer.pause('g', 4_000);
    expect(pacer.untilNextSlot('g')).toBe(4_000);
    await pacer.acquire('g', 'm', 5_000);
    expect(time.sleeps).toEqual([4_000]);
  });

  it('takes per-method overrides over the tier table', () => {
    expect(rateFor('conversations.create', { 'conversations.create': 1200 })).toBe(1200);
    expect([rateFor('conversations.create'), rateFor('conversations.info'), rateFor('conversations.members'), rateFor('auth.test')]).toEqual([20, 50, 100, 100]);
    expect(rateFor('conversations.history', { 'conversations.history': 1 })).toBe(1);
  });
});
