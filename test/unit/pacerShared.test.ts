import type { PaceStore } from '../../lib/ledger/pacingStore';
import { systemClock } from '../../lib/worker/clock';
import { Pacer } from '../../lib/worker/pacer';
import { useTestLedger } from '../helpers/ledger';
import { busiest } from '../helpers/pacing';

const ledgers = useTestLedger();

/** 5 calls in any 300 ms: a minute's tier scaled down so the test runs in real time. */
const WINDOW_MS = 300;
const N = 5;
const GROUP = 'T1:conversations.create';

const pacerOver = (store: PaceStore) => new Pacer({ store, clock: systemClock, rateFor: () => (N * 60_000) / WINDOW_MS, settings: { headroom: 1, windowMs: WINDOW_MS } });

/** Callers that take slots until `until`, each batch of `batch` reserved together; returns when each call went. */
const callers = async (pacer: Pacer, count: number, batch: number, until: number) => {
  const at: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async () => {
      while (Date.now() < until) {
        pacer.expect(GROUP, batch);
        for (let i = 0; i < batch && Date.now() < until; i += 1) {
          const slot = await pacer.acquire(GROUP, 'conversations.create', 5_000);
          if (slot.acquired) at.push(Date.now());
        }
      }
    }),
  );
  return at;
};

describe('pacer over the ledger, shared by two instances', () => {
  it('never lets two writers exceed N calls in any window, and still uses the windows', async () => {
    const ledger = await ledgers.fresh();
    const writes: boolean[] = [];
    const counted: PaceStore = { read: ledger.pacing.read, write: async (record, version) => { const ok = await ledger.pacing.write(record, version); writes.push(ok); return ok; } };
    const until = Date.now() + 2_000;
    const [a, b] = await Promise.all([callers(pacerOver(counted), 3, 4, until), callers(pacerOver(counted), 3, 4, until)]);
    const all = [...a, ...b].sort((x, y) => x - y);
    expect(busiest(all, WINDOW_MS)).toBeLessThanOrEqual(N);
    // Both instances got slots, and the windows were used: at least half the rate over the run.
    expect(a.length).toBeGreaterThan(0);
    expect(b.length).toBeGreaterThan(0);
    expect(all.length).toBeGreaterThanOrEqual(((2_000 / WINDOW_MS) * N) / 2);
    // The writers did collide, and the losers re-read instead of taking a slot twice.
    expect(writes.filter((ok) => !ok).length).toBeGreaterThan(0);
    const [stat] = await ledger.pacing.list();
    expect(stat).toMatchObject({ group: GROUP, workspace: 'T1', method: 'conversations.create', allowance_per_minute: 1_000 });
  });

  it('shares a 429 with the other instance: both pause, and the allowance is halved once', async () => {
    const ledger = await ledgers.fresh();
    const first = pacerOver(ledger.pacing);
    const second = pacerOver(ledger.pacing);
    await first.acquire(GROUP, 'conversations.create', 5_000);
    await first.limited(GROUP, 'conversations.create', 2_000);
    const slot = await second.acquire(GROUP, 'conversations.create', 500);
    expect(slot.acquired).toBe(false);
    expect(slot.acquired === false && slot.waitMs).toBeGreaterThan(1_500);
    const [stat] = await ledger.pacing.list();
    expect(stat).toMatchObject({ allowance_per_minute: 500, rate_limited_last_hour: 1, paused_until: expect.any(String) });
  });
});
