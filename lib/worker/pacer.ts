import type { Clock } from './clock';

export type Acquired = { acquired: true } | { acquired: false; waitMs: number };

/** At most `calls` calls in any `windowMs` span. */
export interface PaceLimit {
  calls: number;
  windowMs: number;
}

interface GroupState {
  /** Times of the group's recent and reserved calls, ascending. */
  times: number[];
  limits: readonly PaceLimit[];
  pausedUntil: number;
}

/**
 * Paces each rate-limit group (`<workspace>:<method>`) so that the service, as Slack's only
 * client, never draws a 429: a call goes as soon as every limit of its method allows it (at most
 * N calls in any window). An idle group may take a burst of up to N at once, and a group that fell
 * behind (a stall, a slow write) makes the time up as far as the window allows. A slot is reserved
 * before any sleep, so concurrent callers of one group queue up rather than collide.
 */
export class Pacer {
  private readonly groups = new Map<string, GroupState>();

  constructor(
    private readonly limitsFor: (method: string) => readonly PaceLimit[],
    private readonly clock: Clock,
  ) {}

  private state(group: string, method?: string): GroupState {
    let state = this.groups.get(group);
    if (!state) {
      state = { times: [], limits: method === undefined ? [] : this.limitsFor(method), pausedUntil: 0 };
      this.groups.set(group, state);
    } else if (method !== undefined && state.limits.length === 0) {
      state.limits = this.limitsFor(method);
    }
    return state;
  }

  /** The earliest time the group may call again, from `now`. */
  private nextSlot(state: GroupState, now: number): number {
    const longest = Math.max(0, ...state.limits.map((limit) => limit.windowMs));
    while (state.times.length > 0 && state.times[0] <= now - longest) state.times.shift();
    let slot = Math.max(now, state.pausedUntil);
    for (const { calls, windowMs } of state.limits) {
      // The call `calls` places back must have left the window: counting reservations too.
      if (state.times.length >= calls) slot = Math.max(slot, state.times[state.times.length - calls] + windowMs);
    }
    return slot;
  }

  /**
   * Takes the group's next slot, sleeping for it when the wait is at most `maxWaitMs`; a longer
   * wait is not slept but returned, for the caller to turn into message visibility.
   */
  async acquire(group: string, method: string, maxWaitMs: number): Promise<Acquired> {
    const state = this.state(group, method);
    const now = this.clock.now();
    const slot = this.nextSlot(state, now);
    const waitMs = slot - now;
    if (waitMs > maxWaitMs) return { acquired: false, waitMs };
    state.times.push(slot);
    if (waitMs > 0) await this.clock.sleep(waitMs);
    return { acquired: true };
  }

  /** Slack said to wait (429 Retry-After): no call of this group before then. */
  pause(group: string, ms: number): void {
    const state = this.state(group);
    state.pausedUntil = Math.max(state.pausedUntil, this.clock.now() + ms);
  }

  /** How long until the group may call again: a batch waits this out before handing the group on. */
  untilNextSlot(group: string): number {
    const state = this.groups.get(group);
    if (!state) return 0;
    const now = this.clock.now();
    return this.nextSlot(state, now) - now;
  }
}

export interface PacingSettings {
  /** Share of each rate used (≤ 1). */
  headroom: number;
  /** The span Slack counts calls over: a minute, or a scaled-down minute for tests and benchmarks. */
  windowMs: number;
  /** The most calls of one group let go at once (undefined: a whole window's worth). */
  burst?: number;
  /** One process runs every batch of a group, so the pacer sees all of its calls. */
  sharedState: boolean;
}

/**
 * The limits a group's calls are paced by, from its method's rate (calls per minute). With the
 * group's whole history in view (one process), at most the rate's share of a window per window,
 * and no more than `burst` at once. Without it (a group's next batch may run on another Lambda
 * instance that saw none of these calls) calls are spaced evenly, so that nothing a hand-off
 * forgets can exceed the rate.
 */
export const paceLimits = (perMinute: number, settings: PacingSettings): PaceLimit[] => {
  const perMs = (perMinute * settings.headroom) / 60_000;
  const calls = Math.floor(perMs * settings.windowMs);
  // Less than one call a window (tier 1 with headroom), or no view of the group's other calls: evenly spaced.
  if (!settings.sharedState || calls < 1) return [{ calls: 1, windowMs: 1 / perMs }];
  const limits = [{ calls, windowMs: settings.windowMs }];
  if (settings.burst !== undefined && settings.burst < calls) limits.push({ calls: settings.burst, windowMs: settings.burst / perMs });
  return limits;
};
