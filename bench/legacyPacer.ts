import type { Clock } from '../lib/worker/clock';
import type { Acquired, Pacing } from '../lib/worker/pacer';

/**
 * The pacer this service had before issue 13, as deployed (no shared state): one group's calls
 * spaced evenly at `PACING_HEADROOM` (0.95) of the rate, each instance knowing only its own calls,
 * and a batch that ran to its end waiting out the group's interval before handing the group on.
 * Kept here only so the benchmark can set its cost beside the window pacer's.
 */
export class LegacyPacer implements Pacing {
  private readonly last = new Map<string, { next: number; pausedUntil: number }>();

  constructor(
    private readonly rateFor: (method: string) => number,
    private readonly headroom: number,
    private readonly clock: Clock,
  ) {}

  private state(group: string) {
    let state = this.last.get(group);
    if (!state) {
      state = { next: 0, pausedUntil: 0 };
      this.last.set(group, state);
    }
    return state;
  }

  async acquire(group: string, method: string, maxWaitMs: number): Promise<Acquired> {
    const state = this.state(group);
    const now = this.clock.now();
    const slot = Math.max(now, state.next, state.pausedUntil);
    if (slot - now > maxWaitMs) return { acquired: false, waitMs: slot - now };
    state.next = slot + 60_000 / (this.rateFor(method) * this.headroom);
    if (slot > now) await this.clock.sleep(slot - now);
    return { acquired: true, done: () => undefined };
  }

  async limited(group: string, _method: string, retryAfterMs: number): Promise<void> {
    const state = this.state(group);
    state.pausedUntil = Math.max(state.pausedUntil, this.clock.now() + retryAfterMs);
  }

  expect(): void {}

  async handOff(group: string, maxWaitMs: number): Promise<void> {
    const wait = Math.min(this.untilNextSlot(group), maxWaitMs);
    if (wait > 0) await this.clock.sleep(wait);
  }

  untilNextSlot(group: string): number {
    const state = this.last.get(group);
    if (!state) return 0;
    const now = this.clock.now();
    return Math.max(0, Math.max(state.next, state.pausedUntil) - now);
  }
}
