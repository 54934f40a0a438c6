import type { PaceStore } from '../../lib/ledger/pacingStore';
import type { Clock } from '../../lib/worker/clock';
import { Pacer } from '../../lib/worker/pacer';
import { createMemoryPaceStore } from '../../lib/worker/pacingMemory';
import type { PacingSettings } from '../../lib/worker/pacingWindow';

/** A pacer over memory (or the given store), with no guard or hold unless asked: tests see exact times. */
export const testPacer = (clock: Clock, rateFor: (method: string) => number, settings: Partial<PacingSettings> = {}, store: PaceStore = createMemoryPaceStore()) =>
  new Pacer({ store, clock, rateFor, settings: { headroom: 1, windowMs: 60_000, guardMs: 0, holdMs: 0, ...settings } });

/** A pacer that lets one call a group go every `intervalMs` (0: no pacing at all). */
export const evenPacer = (intervalMs: number, clock: Clock) =>
  intervalMs > 0 ? testPacer(clock, () => 60_000 / intervalMs, { windowMs: intervalMs }) : testPacer(clock, () => 1e9);

/** The most of `at` that fall in any span of `windowMs` (a span opens at each call). */
export const busiest = (at: number[], windowMs: number) => Math.max(0, ...at.map((start) => at.filter((t) => t >= start && t < start + windowMs).length));
