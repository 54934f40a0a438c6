/**
 * Sliding one-minute window per workspace and method, as Slack applies its tiers. `scale`
 * shortens the window (×60 turns a minute into a second) so runs finish quickly.
 */
export class SlidingWindowLimiter {
  private readonly calls = new Map<string, number[]>();

  constructor(
    private readonly limitFor: (method: string) => number,
    private readonly scale = 1,
    private readonly now: () => number = Date.now,
  ) {}

  get windowMs(): number {
    return 60_000 / this.scale;
  }

  /** Records a call, or returns how many milliseconds to wait when the window is full. */
  take(workspace: string, method: string): { allowed: true } | { allowed: false; retryAfterMs: number } {
    const key = `${workspace}:${method}`;
    const now = this.now();
    const since = now - this.windowMs;
    const recent = (this.calls.get(key) ?? []).filter((at) => at > since);
    if (recent.length >= this.limitFor(method)) {
      this.calls.set(key, recent);
      return { allowed: false, retryAfterMs: recent[0] + this.windowMs - now };
    }
    recent.push(now);
    this.calls.set(key, recent);
    return { allowed: true };
  }

  reset(): void {
    this.calls.clear();
  }
}

export interface BackgroundClient {
  /** Calls Slack took, and calls it refused (429s the other client drew, not the service). */
  counts: { taken: number; refused: number };
  stop: () => void;
}

/**
 * Another client of the same Slack app (its Bolt app, a script): spends `perMinute` of a method's
 * limit, evenly, on a timer, so tests can show the service sharing a quota it does not see.
 */
export const startBackgroundClient = (limiter: SlidingWindowLimiter, workspace: string, method: string, perMinute: number): BackgroundClient => {
  const counts = { taken: 0, refused: 0 };
  const timer = setInterval(() => {
    if (limiter.take(workspace, method).allowed) counts.taken += 1;
    else counts.refused += 1;
  }, limiter.windowMs / perMinute);
  timer.unref();
  return { counts, stop: () => clearInterval(timer) };
};
