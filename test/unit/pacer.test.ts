import { rateFor } from '../../lib/catalogue/catalogue';
import { allowanceAt, groupStat } from '../../lib/ledger/pacingStore';
import { paceLimits } from '../../lib/worker/pacer';
import { pacedCall } from '../../lib/worker/runJob';
import type { JobWorkerDeps } from '../../lib/worker/jobWorkerTypes';
import { createMemoryPaceStore } from '../../lib/worker/pacingMemory';
import { fakeClock, recordingLogger } from '../helpers/fakes';
import { busiest, evenPacer, testPacer } from '../helpers/pacing';

const tiers = (method: string) => rateFor(method);
const CREATE = 'conversations.create';

/** Makes `n` calls of one group one after another; returns when each went (ms since the start). */
const calls = async (pacer: ReturnType<typeof testPacer>, time: ReturnType<typeof fakeClock>, n: number, group = `w:${CREATE}`, method = CREATE) => {
  const at: number[] = [];
  for (let i = 0; i < n; i += 1) {
    await expect(pacer.acquire(group, method, 120_000)).resolves.toMatchObject({ acquired: true });
    at.push(time.elapsed());
  }
  return at;
};

describe('pacer: the window', () => {
  it('lets an idle group take a whole window at once, then keeps to the rate', async () => {
    const time = fakeClock();
    const at = await calls(testPacer(time.clock, tiers), time, 60);
    // 20 a minute: the first 20 at once, the next 20 a minute later, and never more than 20 in a minute.
    expect(at.slice(0, 20).every((t) => t === 0)).toBe(true);
    expect(at[20]).toBe(60_000);
    expect(at[40]).toBe(120_000);
    expect(busiest(at, 60_000)).toBe(20);
  });

  it('reaches the full rate over a long run (headroom 1)', async () => {
    const time = fakeClock();
    const at = await calls(testPacer(time.clock, tiers), time, 500, 'w:conversations.info', 'conversations.info');
    // 50 a minute: 500 calls in 9 minutes after the first window's burst.
    expect(at[499]).toBe(9 * 60_000);
    expect(busiest(at, 60_000)).toBe(50);
  });

  it('keeps a guard between a call leaving the window and the next entering', async () => {
    const time = fakeClock();
    const at = await calls(testPacer(time.clock, tiers, { guardMs: 250 }), time, 21);
    expect(at[20]).toBe(60_250);
  });

  it('makes up for a stall instead of falling behind for good', async () => {
    const time = fakeClock();
    const pacer = testPacer(time.clock, tiers);
    await calls(pacer, time, 20);
    time.advance(90_000); // nothing for a while: the window emptied
    const before = time.elapsed();
    await calls(pacer, time, 20);
    expect(time.elapsed()).toBe(before);
  });

  it('paces groups independently', async () => {
    const time = fakeClock();
    const pacer = testPacer(time.clock, tiers);
    await calls(pacer, time, 20);
    await calls(pacer, time, 1, 'w:conversations.members', 'conversations.members');
    await calls(pacer, time, 1, `v:${CREATE}`);
    expect(time.sleeps).toEqual([]);
  });

  it('returns a wait longer than the sleep cap instead of sleeping it', async () => {
    const time = fakeClock();
    const pacer = evenPacer(60_000, time.clock);
    await pacer.acquire('w:conversations.history', 'conversations.history', 5_000);
    time.advance(10_000);
    await expect(pacer.acquire('w:conversations.history', 'conversations.history', 5_000)).resolves.toEqual({ acquired: false, waitMs: 50_000 });
    expect(time.sleeps).toEqual([]);
  });

  it('queues concurrent callers of one group in slot order', async () => {
    // Time stands still: each caller's sleep shows the slot it reserved before sleeping.
    const sleeps: number[] = [];
    const frozen = { now: () => 5_000, sleep: async (ms: number) => void sleeps.push(ms) };
    const pacer = testPacer(frozen, () => 180, { windowMs: 1_000 }); // 3 a second
    await Promise.all(Array.from({ length: 7 }, () => pacer.acquire('g', 'm', 5_000)));
    expect(sleeps).toEqual([1_000, 1_000, 1_000, 2_000]);
  });

  it('gives a slot up when the caller comes too late for it, and takes another', async () => {
    let now = 0;
    // The sleep overshoots by 500 ms (a stalled event loop): past the 100 ms the slot is held.
    const late = {
      now: () => now,
      sleep: async (ms: number) => {
        now += ms + 500;
      },
    };
    const store = createMemoryPaceStore();
    const pacer = testPacer(late, () => 60, { windowMs: 1_000, holdMs: 100 }, store); // 1 a second
    await pacer.acquire('g', 'm', 5_000);
    const first = now;
    await pacer.acquire('g', 'm', 5_000);
    expect(now - first).toBeGreaterThanOrEqual(1_000);
    // The record holds real call times: the given-up slot is gone at the next write.
    await pacer.acquire('g', 'm', 5_000);
    expect(store.list()[0].times.length).toBeLessThanOrEqual(3);
  });

  it('records a call at the time Slack answered it, which bounds when Slack counted it', async () => {
    const time = fakeClock();
    const store = createMemoryPaceStore();
    const pacer = testPacer(time.clock, () => 60, { windowMs: 1_000 }, store); // 1 a second
    const slot = await pacer.acquire('g', 'm', 5_000);
    time.advance(300); // a slow answer
    if (slot.acquired) slot.done();
    await pacer.acquire('g', 'm', 5_000);
    expect(time.elapsed()).toBe(1_300);
    expect(store.list()[0].times).toEqual([1_000_300, 1_001_300]);
  });

  it('spaces a method that gets less than one call a window evenly (tier 1)', () => {
    expect(paceLimits(1, { headroom: 0.95, windowMs: 60_000 })).toEqual([{ calls: 1, windowMs: 60_000 / 0.95 }]);
    expect(paceLimits(1200, { headroom: 1, windowMs: 1_000 })).toEqual([{ calls: 20, windowMs: 1_000 }]);
  });

  it('takes per-method overrides over the tier table', () => {
    expect(rateFor(CREATE, { [CREATE]: 1200 })).toBe(1200);
    expect([rateFor(CREATE), rateFor('conversations.info'), rateFor('conversations.members'), rateFor('auth.test')]).toEqual([20, 50, 100, 100]);
  });
});

describe('pacer: bursts', () => {
  it('caps a burst at PACING_BURST and still reaches the full rate', async () => {
    const time = fakeClock();
    const at = await calls(testPacer(time.clock, tiers, { burst: 5 }), time, 45);
    expect(at.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 15_000]);
    expect(busiest(at, 15_000)).toBe(5);
    expect(busiest(at, 60_000)).toBeLessThanOrEqual(20);
    expect(at[44]).toBeLessThanOrEqual(120_000);
  });

  it('reserves a batch’s calls in one write, and no more than the batch expects', async () => {
    const time = fakeClock();
    const store = createMemoryPaceStore();
    const writes: number[] = [];
    const counting = {
      read: store.read,
      write: async (record: Parameters<typeof store.write>[0], version: number) => {
        writes.push(record.times.length);
        return store.write(record, version);
      },
    };
    const pacer = testPacer(time.clock, tiers, {}, counting);
    pacer.expect(`w:${CREATE}`, 10);
    await calls(pacer, time, 10);
    expect(writes).toEqual([10]);
    pacer.expect(`w:${CREATE}`, 3);
    await calls(pacer, time, 3);
    expect(writes).toEqual([10, 13]);
  });
});

describe('pacer: adaptive allowance', () => {
  const setup = () => {
    const time = fakeClock();
    const store = createMemoryPaceStore();
    const pacer = testPacer(time.clock, tiers, {}, store);
    const record = () => store.list()[0];
    return { time, store, pacer, record };
  };

  it('halves the allowance on a 429 and pauses the group for Retry-After', async () => {
    const { time, pacer, record } = setup();
    await calls(pacer, time, 1);
    await pacer.limited(`w:${CREATE}`, CREATE, 4_000);
    expect(pacer.untilNextSlot(`w:${CREATE}`)).toBe(4_000);
    expect(allowanceAt(record(), time.clock.now())).toBe(10);
    const at = await calls(pacer, time, 12);
    // Paused 4 s, then 10 a minute: 9 more in the window the first call opened, the 11th a minute on.
    expect(at.slice(0, 9)).toEqual(Array(9).fill(4_000));
    expect(at.slice(9)).toEqual([60_000, 64_000, 64_000]);
  });

  it('cuts once per window, however many calls in flight meet the 429', async () => {
    const { time, pacer, record } = setup();
    await Promise.all([1, 2, 3].map(() => pacer.limited(`w:${CREATE}`, CREATE, 1_000)));
    expect(allowanceAt(record(), time.clock.now())).toBe(10);
    expect(record().limitedAt).toHaveLength(3);
  });

  it('never goes below a tenth of the limit', async () => {
    const { time, pacer, record } = setup();
    for (let i = 0; i < 6; i += 1) {
      await pacer.limited(`w:${CREATE}`, CREATE, 1_000);
      time.advance(60_000);
    }
    expect(record().allowancePerMinute).toBe(2);
  });

  it('recovers a twentieth of the limit per calm window, back to the limit and no further', async () => {
    const { time, pacer, record } = setup();
    await pacer.limited(`w:${CREATE}`, CREATE, 1_000);
    const pauseEnds = time.clock.now() + 1_000;
    expect(allowanceAt(record(), pauseEnds + 59_999)).toBe(10);
    expect(allowanceAt(record(), pauseEnds + 60_000)).toBe(11);
    expect(allowanceAt(record(), pauseEnds + 5 * 60_000)).toBe(15);
    expect(allowanceAt(record(), pauseEnds + 60 * 60_000)).toBe(20);
  });

  it('reports the allowance, recent calls and 429s per group for the dashboard', async () => {
    const { time, pacer, record } = setup();
    await calls(pacer, time, 3);
    await pacer.limited(`w:${CREATE}`, CREATE, 30_000);
    expect(groupStat(record(), time.clock.now())).toEqual({
      group: `w:${CREATE}`,
      workspace: 'w',
      method: CREATE,
      limit_per_minute: 20,
      allowance_per_minute: 10,
      calls_last_minute: 3,
      rate_limited_last_hour: 1,
      paused_until: new Date(time.clock.now() + 30_000).toISOString(),
    });
  });
});

describe('pacedCall: Retry-After', () => {
  const job = { v: 1, job_id: 'j', workspace: 'w', method: CREATE, args: {}, enqueued_at: '2026-11-24T00:00:00.000Z' } as never;
  const setup = (retryAfterSeconds: number | undefined) => {
    const time = fakeClock();
    const pacer = testPacer(time.clock, tiers);
    const { logger, lines } = recordingLogger();
    const deps = { pacer, logger, config: { rateLimitMaxWaitSeconds: 900, rateLimitFallbackSeconds: 30 } } as unknown as JobWorkerDeps;
    const call = pacedCall(job, async () => ({ kind: 'rate_limited', retryAfterSeconds }), deps, () => 5_000);
    return { pacer, lines, call };
  };

  it('caps a Retry-After of a day at RATE_LIMIT_MAX_WAIT_SECONDS, pauses the group that long and says so', async () => {
    const { pacer, lines, call } = setup(86_400);
    await expect(call(CREATE, {})).resolves.toMatchObject({ kind: 'rate_limited', retryAfterSeconds: 900 });
    expect(pacer.untilNextSlot(`w:${CREATE}`)).toBe(900_000);
    expect(lines.find((l) => l.message === 'Retry-After capped')?.extra).toMatchObject({ retry_after: 86_400, waiting: 900 });
  });

  it('waits a Retry-After under the cap as given, and the fallback when there is none', async () => {
    const given = setup(20);
    await expect(given.call(CREATE, {})).resolves.toMatchObject({ retryAfterSeconds: 20 });
    expect(given.pacer.untilNextSlot(`w:${CREATE}`)).toBe(20_000);
    expect(given.lines).toHaveLength(0);
    const none = setup(undefined);
    await expect(none.call(CREATE, {})).resolves.toMatchObject({ retryAfterSeconds: 30 });
  });
});

describe('pacer: slots a batch did not use', () => {
  /** Two instances share one store; A reserves a batch's worth (10 of 20) and uses 2. */
  const aUsedTwoOfTen = async () => {
    const time = fakeClock();
    const store = createMemoryPaceStore();
    const a = testPacer(time.clock, tiers, {}, store);
    const b = testPacer(time.clock, tiers, {}, store);
    const group = `w:${CREATE}`;
    a.expect(group, 10, { method: CREATE, maxWaitMs: 5_000 });
    await calls(a, time, 2, group);
    return { time, a, b, group };
  };

  it('gives them back at hand-off, so the next batch (on another instance) need not wait for them', async () => {
    // Prepare
    const { time, a, b, group } = await aUsedTwoOfTen();

    // Act
    await a.handOff(group);
    const at = await calls(b, time, 18, group);

    // Assess: B takes the other 18 of the window at once.
    expect(at.every((t) => t === 0)).toBe(true);
  });

  it('keeps them reserved without a hand-off (what the hand-off fixes)', async () => {
    // Prepare
    const { time, b, group } = await aUsedTwoOfTen();

    // Act
    const at = await calls(b, time, 18, group);

    // Assess: only 10 go at once; the rest wait for the window.
    expect(at.filter((t) => t === 0)).toHaveLength(10);
  });
});

describe('pacedCall: a pacing window that cannot be reached', () => {
  it('makes no Slack call and answers a short paced wait instead of failing the job', async () => {
    // Prepare
    const job = { v: 1, job_id: 'j', workspace: 'w', method: CREATE, args: {}, enqueued_at: '2026-11-24T00:00:00.000Z' } as never;
    const time = fakeClock();
    const broken = testPacer(time.clock, tiers, {}, {
      read: async () => {
        throw new Error('throttled');
      },
      write: async () => false,
    });
    const { logger, lines } = recordingLogger();
    const slack = jest.fn(async () => ({ kind: 'succeeded' as const, response: { ok: true } }));
    const deps = { pacer: broken, logger, config: { rateLimitMaxWaitSeconds: 900, rateLimitFallbackSeconds: 30 } } as unknown as JobWorkerDeps;

    // Act
    const outcome = await pacedCall(job, slack, deps, () => 5_000)(CREATE, {});

    // Assess
    expect(outcome).toMatchObject({ kind: 'rate_limited', source: 'pacer', retryAfterSeconds: expect.any(Number) });
    expect(slack).not.toHaveBeenCalled();
    expect(lines.find((l) => l.message === 'pacing window unavailable: the job waits')).toBeDefined();
  });
});
