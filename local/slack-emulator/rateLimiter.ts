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
