import type { Clock } from './clock';

export type Acquired = { acquired: true } | { acquired: false; waitMs: number };

/**
 * Spaces the calls of each rate-limit group (`<workspace>:<method>`) evenly at its rate, so that
 * the service, as Slack's only client, never draws a 429. A slot is reserved before any sleep,
 * so concurrent callers of one group queue up rather than collide.
 */
export class Pacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMs: (method: string) => number,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes the group's next slot, sleeping for it when the wait is at most `maxWaitMs`; a longer
   * wait is not slept but returned, for the caller to turn into message visibility.
   */
  async acquire(group: string, method: string, maxWaitMs: number): Promise<Acquired> {
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(group) ?? now);
    const waitMs = slot - now;
    if (waitMs > maxWaitMs) return { acquired: false, waitMs };
    this.nextSlot.set(group, slot + this.intervalMs(method));
    if (waitMs > 0) await this.clock.sleep(waitMs);
    return { acquired: true };
  }

  /** Slack said to wait (429 Retry-After): no call of this group before then. */
  pause(group: string, ms: number): void {
    const until = this.clock.now() + ms;
    this.nextSlot.set(group, Math.max(until, this.nextSlot.get(group) ?? until));
  }

  /** How long until the group may call again: a batch waits this out before handing the group on. */
  untilNextSlot(group: string): number {
    return Math.max(0, (this.nextSlot.get(group) ?? 0) - this.clock.now());
  }
}

/** Calls per minute → milliseconds between calls, using `headroom` (≤ 1) of the allowance. */
export const intervalFromRate = (perMinute: number, headroom: number): number => 60_000 / (perMinute * headroom);
