import { rateFor } from '../../lib/catalogue/catalogue';
import { type PaceLimit, Pacer, paceLimits } from '../../lib/worker/pacer';
import { fakeClock } from '../helpers/fakes';

const evenly = (intervalMs: number): PaceLimit[] => [{ calls: 1, windowMs: intervalMs }];
/** The most calls that fall in any span of `windowMs`. */
const busiest = (at: number[], windowMs: number) => Math.max(...at.map((start) => at.filter((t) => t >= start && t < start + windowMs).length));

describe('pacer, calls spaced evenly (no shared view of a group)', () => {
  const tiers = (method: string) => paceLimits(rateFor(method), { headroom: 1, windowMs: 60_000, sharedState: false });

  it('spaces one group’s calls at its tier rate', async () => {
    const time = fakeClock();
    const pacer = new Pacer(tiers, time.clock);
    for (let i = 0; i < 4; i += 1) await pacer.acquire('default:conversations.create', 'conversations.create', 5_000);
    expect(time.sleeps).toEqual([3_000, 3_000, 3_000]);
  });

  it('keeps any 60 s window at or under the limit', async () => {
    const time = fakeClock();
    const pacer = new Pacer((m) => paceLimits(rateFor(m), { headroom: 0.95, windowMs: 60_000, sharedState: false }), time.clock);
    const at: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      await pacer.acquire('w:conversations.info', 'conversations.info', 5_000);
      at.push(time.clock.now());
    }
    expect(busiest(at, 60_000)).toBeLessThanOrEqual(50);
    expect(busiest(at, 60_000)).toBeGreaterThanOrEqual(47);
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
    const pacer = new Pacer(() => evenly(60_000), time.clock);
    await pacer.acquire('w:conversations.history', 'conversations.history', 5_000);
    time.advance(10_000);
    await expect(pacer.acquire('w:conversations.history', 'conversations.history', 5_000)).resolves.toEqual({ acquired: false, waitMs: 50_000 });
    expect(time.sleeps).toEqual([]);
  });

  it('queues concurrent callers of one group in slot order', async () => {
    // Time stands still: each caller's sleep shows the slot it reserved before sleeping.
    const sleeps: number[] = [];
    const frozen = { now: () => 5_000, sleep: async (ms: number) => void sleeps.push(ms) };
    const pacer = new Pacer(() => evenly(1_000), frozen);
    await Promise.all([1, 2, 3].map(() => pacer.acquire('g', 'm', 5_000)));
    expect(sleeps).toEqual([1_000, 2_000]);
  });

  it('pauses a group for Retry-After after a 429', async () => {
    const time = fakeClock();
    const pacer = new Pacer(() => evenly(100), time.clock);
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

describe('pacer, window (one process sees every call of a group)', () => {
  const window = (m: string, extra: { burst?: number; headroom?: number } = {}) =>
    paceLimits(rateFor(m), { headroom: extra.headroom ?? 0.95, windowMs: 60_000, sharedState: true, burst: extra.burst });

  it('lets an idle group take a burst of a window’s share at once, then keeps to the rate', async () => {
    const time = fakeClock();
    const pacer = new Pacer((m) => window(m), time.clock);
    const at: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      await pacer.acquire('w:conversations.create', 'conversations.create', 120_000);
      at.push(time.elapsed());
    }
    // 20 a minute × 0.95 → 19 in any minute: the first 19 at once, the next 19 a minute later.
    expect(at.slice(0, 19).every((t) => t === 0)).toBe(true);
    expect(at[19]).toBe(60_000);
    expect(busiest(at, 60_000)).toBe(19);
  });

  it('makes up for a stall instead of falling behind for good', async () => {
    const time = fakeClock();
    const pacer = new Pacer((m) => window(m), time.clock);
    for (let i = 0; i < 19; i += 1) await pacer.acquire('g', 'conversations.create', 120_000);
    time.advance(90_000); // nothing for a while: the window emptied
    const before = time.elapsed();
    for (let i = 0; i < 19; i += 1) await pacer.acquire('g', 'conversations.create', 120_000);
    expect(time.elapsed()).toBe(before);
  });

  it('caps a burst at PACING_BURST and still reaches the full rate', async () => {
    const time = fakeClock();
    const pacer = new Pacer((m) => window(m, { burst: 5, headroom: 1 }), time.clock);
    const at: number[] = [];
    for (let i = 0; i < 45; i += 1) {
      await pacer.acquire('g', 'conversations.create', 120_000);
      at.push(time.elapsed());
    }
    expect(at.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 15_000]);
    expect(busiest(at, 15_000)).toBe(5);
    expect(busiest(at, 60_000)).toBeLessThanOrEqual(20);
    expect(at[44]).toBeLessThanOrEqual(120_000);
  });

  it('spaces a method that gets less than one call a window evenly (tier 1)', () => {
    expect(paceLimits(1, { headroom: 0.95, windowMs: 60_000, sharedState: true })).toEqual([{ calls: 1, windowMs: 60_000 / 0.95 }]);
  });

  it('keeps to one call per window’s share even when every caller arrives at once', async () => {
    const sleeps: number[] = [];
    const frozen = { now: () => 0, sleep: async (ms: number) => void sleeps.push(ms) };
    const pacer = new Pacer(() => [{ calls: 3, windowMs: 1_000 }], frozen);
    await Promise.all(Array.from({ length: 7 }, () => pacer.acquire('g', 'm', 5_000)));
    expect(sleeps).toEqual([1_000, 1_000, 1_000, 2_000]);
  });
});
