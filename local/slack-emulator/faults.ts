/**
 * `hang` never does the work; `hang_after` does it and then never answers, like a response lost
 * on the way back (the case where a retry must not repeat the side effect). `html_200`,
 * `invalid_json` and `empty_body` answer 200 with something that is not Slack JSON, without doing
 * the work; `huge_after` does it and then answers with a body past the service's size cap.
 */
export const FAULT_KINDS = [
  'http_500',
  'http_503',
  'internal_error',
  'slow',
  'hang',
  'hang_after',
  'ratelimited',
  'ratelimited_no_retry_after',
  'html_200',
  'invalid_json',
  'empty_body',
  'huge_after',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultOptions {
  /** Share of calls (0–1) that meet a fault drawn from `kinds`. */
  rate: number;
  kinds: FaultKind[];
  /** Seed for the draw, so that a run can be repeated exactly. */
  seed?: number;
  /** Only these methods meet random faults (all when absent). */
  methods?: string[];
  slowMs?: number;
  hangMs?: number;
  /** Size of a `huge_after` answer. */
  hugeBytes?: number;
}

/** Past the service's 10 MB cap (SLACK_RESPONSE_MAX_BYTES). */
export const HUGE_BODY_BYTES = 11 * 1024 * 1024;

/** mulberry32: small, fast, seedable; good enough to pick faults. */
export const seededRandom = (seed: number): (() => number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
};

/** Chooses the fault (if any) for each call: scripted ones first, then the random rate. */
export class FaultPlan {
  private options: FaultOptions | undefined;
  private random: () => number = Math.random;
  private readonly scripted = new Map<string, FaultKind[]>();

  configure(options: FaultOptions | undefined): void {
    this.options = options;
    this.random = options?.seed === undefined ? Math.random : seededRandom(options.seed);
  }

  /** The next `kinds.length` calls of `method` meet these faults, in order. */
  script(method: string, kinds: FaultKind[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...kinds]);
  }

  reset(): void {
    this.scripted.clear();
    this.configure(undefined);
  }

  get slowMs(): number {
    return this.options?.slowMs ?? 2_000;
  }

  get hangMs(): number {
    return this.options?.hangMs ?? 30_000;
  }

  get hugeBytes(): number {
    return this.options?.hugeBytes ?? HUGE_BODY_BYTES;
  }

  next(method: string): FaultKind | undefined {
    const queued = this.scripted.get(method);
    if (queued && queued.length > 0) return queued.shift();
    const o = this.options;
    if (!o || o.rate <= 0 || o.kinds.length === 0) return undefined;
    if (o.methods && !o.methods.includes(method)) return undefined;
    if (this.random() >= o.rate) return undefined;
    return o.kinds[Math.floor(this.random() * o.kinds.length)];
  }
}
