import { allowanceAt, type PaceRecord, type PaceStore } from '../ledger/pacingStore';
import type { Clock } from './clock';
import { earliestSlot, guardFor, holdFor, insertSorted, paceLimits, type PacingSettings, removeOne } from './pacingWindow';

export type { PaceLimit, PacingSettings } from './pacingWindow';
export { paceLimits } from './pacingWindow';

/** A slot taken (`done` once Slack has answered the call made in it), or the wait for the next one. */
export type Acquired = { acquired: true; done: () => void } | { acquired: false; waitMs: number };

/**
 * The adaptive allowance: a 429 means another client shares the quota, so the group's allowance
 * is halved (at most once a window, however many calls in flight meet it; never below a tenth of
 * the limit), and every window without a 429 gives a twentieth of the limit back.
 */
export const ADAPTIVE = { cut: 0.5, floorShare: 0.1, recoveryShare: 0.05 } as const;
/** The most slots one write reserves: an SQS batch's worth of calls. */
const MAX_RESERVE = 10;
/** Writes lost to other writers in a row before a reservation gives up (the job is retried later). */
const MAX_CONFLICTS = 8;
const HOUR_MS = 3_600_000;
/** 429 times kept per group: enough to count an hour's worth, bounded however many calls meet one. */
const LIMITED_AT_MAX = 100;
/**
 * A record this instance cached longer ago than this is read again before it is written against:
 * an idle group's record expires (TTL) and starts again at version 1, which an old cache must not
 * mistake for its own.
 */
const CACHE_MAX_AGE_MS = 10 * 60_000;
/** Lost writes before a reservation gives up are spaced by up to this (jittered), so writers spread out. */
const CONFLICT_BACKOFF_MS = 20;

/** What the job worker needs of a pacer (the benchmark swaps in the evenly spacing one it replaced). */
export interface Pacing {
  /** Takes the group's next slot, sleeping for it when the wait is at most `maxWaitMs`; a longer wait is returned instead. */
  acquire: (group: string, method: string, maxWaitMs: number) => Promise<Acquired>;
  /** Slack answered 429: pause the group for `retryAfterMs` and lower its allowance. */
  limited: (group: string, method: string, retryAfterMs: number) => Promise<void>;
  /**
   * A batch of the group starts with `calls` calls to make: reserved together where the window
   * allows. With `method`, the reservation starts now, beside the batch's first ledger writes.
   */
  expect: (group: string, calls: number, reserveAhead?: { method: string; maxWaitMs: number }) => void;
  /** Before the group is handed on to wherever FIFO sends its next batch. */
  handOff?: (group: string, maxWaitMs: number) => Promise<void>;
  /** How long until the group may call again (from what this instance last saw). */
  untilNextSlot: (group: string) => number;
}

export class PacingConflictError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PacingConflictError';
  }
}

/** A slot this instance reserved: the call may go from `start` and must have gone by `until` (the time recorded). */
interface Lease {
  start: number;
  until: number;
}

/** A recorded call time to replace (`until`) by a truer one (`at`). */
interface Correction {
  until: number;
  at: number;
}

/** What this instance knows of a group. */
interface GroupView {
  /** The record as this instance last wrote or read it: written against without a read while no one else writes. */
  record?: PaceRecord;
  /** When `record` was cached. */
  recordAt: number;
  leases: Lease[];
  /** Leases used: the recorded time is replaced by the real one at the next write. */
  used: Correction[];
  /** Leases that expired unused: given back at the next write. */
  unused: number[];
  /** Calls the group's running batch still expects. */
  expected: number;
  /** Reservations of a group run one at a time in this instance. */
  lock: Promise<unknown>;
}

export interface PacerOptions {
  store: PaceStore;
  clock: Clock;
  /** The method's rate, calls per minute (tier table or SLACK_RATE_LIMITS). */
  rateFor: (method: string) => number;
  settings: PacingSettings;
}

const workspaceOf = (group: string, method: string) => (group.endsWith(`:${method}`) ? group.slice(0, -method.length - 1) : group);

/**
 * Paces each rate-limit group (`<workspace>:<method>`) the way Slack counts: at most N calls in
 * any window, so an idle group takes a burst of up to N at once and a long run goes at the full
 * rate. The window lives in a store shared by every instance (the ledger): slots are reserved by
 * a conditional write, several at a time, and each reserved slot is recorded at the latest time
 * its call may go, so what another instance reads never undercounts a window.
 */
export class Pacer implements Pacing {
  private readonly views = new Map<string, GroupView>();

  constructor(private readonly options: PacerOptions) {}

  private view(group: string): GroupView {
    let view = this.views.get(group);
    if (!view) {
      view = { leases: [], used: [], unused: [], expected: 0, lock: Promise.resolve(), recordAt: 0 };
      this.views.set(group, view);
    }
    return view;
  }

  private locked<T>(view: GroupView, fn: () => Promise<T>): Promise<T> {
    const run = view.lock.then(fn, fn);
    view.lock = run.catch(() => undefined);
    return run;
  }

  expect(group: string, calls: number, reserveAhead?: { method: string; maxWaitMs: number }): void {
    const view = this.view(group);
    view.expected = calls;
    if (!reserveAhead || view.leases.length > 0) return;
    // The write goes while the job is being started; a failure here is the first acquire's to meet again.
    this.locked(view, () => (view.leases.length > 0 ? Promise.resolve(undefined) : this.reserve(group, reserveAhead.method, view, reserveAhead.maxWaitMs))).catch(() => undefined);
  }

  async acquire(group: string, method: string, maxWaitMs: number): Promise<Acquired> {
    const { clock } = this.options;
    const view = this.view(group);
    for (;;) {
      const taken = await this.locked(view, () => this.take(group, method, view, maxWaitMs));
      if ('waitMs' in taken) return { acquired: false, waitMs: taken.waitMs };
      const wait = taken.start - clock.now();
      if (wait > 0) await clock.sleep(wait);
      // Never recorded before its start: a clock that jumps or stands still must not free a slot early.
      const at = Math.max(clock.now(), taken.start);
      // Held up past the slot (a stalled event loop): a call now could overfill a window others plan on.
      if (at > taken.until) {
        view.unused.push(taken.until);
        continue;
      }
      // A 429 paused the group while this caller slept: the slot goes back, and the pause is the wait.
      const pausedUntil = view.record?.pausedUntil ?? 0;
      if (pausedUntil > at) {
        view.unused.push(taken.until);
        return { acquired: false, waitMs: pausedUntil - at };
      }
      const correction = { until: taken.until, at };
      view.used.push(correction);
      return { acquired: true, done: () => this.answered(view, correction) };
    }
  }

  /**
   * The call's answer came: it reached Slack by now, so its time is recorded as now. Slack counts
   * a call when it arrives, which the time it was sent does not bound.
   */
  private answered(view: GroupView, correction: Correction): void {
    const now = Math.max(this.options.clock.now(), correction.at);
    // Still waiting for the next write: it takes the later time. Already written: one more correction.
    if (view.used.includes(correction)) correction.at = now;
    else if (now > correction.at) view.used.push({ until: correction.at, at: now });
  }

  /** The next lease of the group, reserving more when none is left. */
  private async take(group: string, method: string, view: GroupView, maxWaitMs: number): Promise<Lease | { waitMs: number }> {
    const now = this.options.clock.now();
    for (const lease of view.leases.filter((l) => l.until < now)) view.unused.push(lease.until);
    view.leases = view.leases.filter((l) => l.until >= now);
    if (view.leases.length === 0) {
      const waitMs = await this.reserve(group, method, view, maxWaitMs);
      if (waitMs !== undefined) return { waitMs };
    }
    const lease = view.leases[0];
    if (lease.start - now > maxWaitMs) return { waitMs: lease.start - now };
    view.leases.shift();
    view.expected = Math.max(0, view.expected - 1);
    return lease;
  }

  /** A fresh record for a group no one has paced yet (or whose record expired). */
  private fresh(group: string, method: string): PaceRecord {
    const limit = this.options.rateFor(method);
    return {
      group,
      workspace: workspaceOf(group, method),
      method,
      version: 0,
      times: [],
      limitPerMinute: limit,
      allowancePerMinute: limit,
      recoveryPerWindow: limit * ADAPTIVE.recoveryShare,
      calmSince: 0,
      windowMs: this.options.settings.windowMs,
      lastCutAt: 0,
      pausedUntil: 0,
      limitedAt: [],
    };
  }

  /**
   * The record to write next: this instance's used and unused leases settled, what no window can
   * count any more dropped, and the configured rate and window brought in.
   */
  private settle(base: PaceRecord, view: GroupView, method: string, now: number): { next: PaceRecord; applied: { used: number; unused: number } } {
    const { settings, rateFor } = this.options;
    const limit = rateFor(method);
    const times = [...base.times];
    for (const { until, at } of view.used) if (removeOne(times, until)) insertSorted(times, at);
    for (const until of view.unused) removeOne(times, until);
    // The longest span any allowance down to the floor counts over.
    const horizon = Math.max(settings.windowMs, ...paceLimits(limit * ADAPTIVE.floorShare, settings).map((l) => l.windowMs)) + guardFor(settings);
    const next: PaceRecord = {
      ...base,
      workspace: workspaceOf(base.group, method),
      method,
      times: times.filter((t) => t > now - horizon),
      limitPerMinute: limit,
      recoveryPerWindow: limit * ADAPTIVE.recoveryShare,
      windowMs: settings.windowMs,
      limitedAt: base.limitedAt.filter((t) => t > now - HOUR_MS).slice(-LIMITED_AT_MAX),
    };
    return { next, applied: { used: view.used.length, unused: view.unused.length } };
  }

  /** Writes `next` over `base`; on success the view takes it and forgets the corrections it carried. */
  private async commit(view: GroupView, base: PaceRecord, next: PaceRecord, applied: { used: number; unused: number }): Promise<boolean> {
    if (!(await this.options.store.write(next, base.version))) {
      view.record = undefined; // someone else wrote: read afresh
      return false;
    }
    view.record = { ...next, version: base.version + 1 };
    view.recordAt = this.options.clock.now();
    view.used.splice(0, applied.used);
    view.unused.splice(0, applied.unused);
    return true;
  }

  private async current(group: string, method: string, view: GroupView): Promise<PaceRecord> {
    if (view.record && this.options.clock.now() - view.recordAt <= CACHE_MAX_AGE_MS) return view.record;
    const record = (await this.options.store.read(group)) ?? this.fresh(group, method);
    view.record = record;
    view.recordAt = this.options.clock.now();
    return record;
  }

  /** After a lost write: a short, jittered pause, so instances that collided do not collide again at once. */
  private async backOff(attempt: number): Promise<void> {
    if (attempt > 0) await this.options.clock.sleep(Math.random() * CONFLICT_BACKOFF_MS * attempt);
  }

  /**
   * The group's batch is done here: slots it reserved and did not use go back now, in one write,
   * rather than blocking the shared window until they pass (the next batch may run elsewhere).
   * Best effort: a failure leaves them to expire.
   */
  async handOff(group: string): Promise<void> {
    const view = this.views.get(group);
    if (!view) return;
    await this.locked(view, async () => {
      view.expected = 0;
      view.unused.push(...view.leases.map((l) => l.until));
      view.leases = [];
      const method = view.record?.method;
      if (view.unused.length === 0 || method === undefined) return;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        await this.backOff(attempt);
        const base = await this.current(group, method, view);
        const { next, applied } = this.settle(base, view, method, this.options.clock.now());
        if (await this.commit(view, base, next, applied)) return;
      }
    }).catch(() => undefined);
  }

  /**
   * Reserves up to the batch's expected calls (at most MAX_RESERVE) whose slots are within
   * `maxWaitMs`, in one conditional write. Returns the wait when not even one is.
   */
  private async reserve(group: string, method: string, view: GroupView, maxWaitMs: number): Promise<number | undefined> {
    const { settings, clock } = this.options;
    const guard = guardFor(settings);
    const hold = holdFor(settings);
    for (let attempt = 0; attempt < MAX_CONFLICTS; attempt += 1) {
      await this.backOff(attempt);
      const base = await this.current(group, method, view);
      const now = clock.now();
      const { next, applied } = this.settle(base, view, method, now);
      const limits = paceLimits(allowanceAt(next, now), settings);
      const from = Math.max(now, next.pausedUntil);
      const leases: Lease[] = [];
      const first = earliestSlot(next.times, limits, from, guard);
      for (let i = 0; i < Math.min(MAX_RESERVE, Math.max(1, view.expected)); i += 1) {
        const start = earliestSlot(next.times, limits, from, guard);
        if (start - now > maxWaitMs) break;
        const lease = { start, until: start + hold };
        insertSorted(next.times, lease.until);
        leases.push(lease);
      }
      if (leases.length === 0) {
        view.record = base;
        return first - now;
      }
      if (await this.commit(view, base, next, applied)) {
        view.leases.push(...leases);
        return undefined;
      }
    }
    throw new PacingConflictError(`Gave up reserving a slot of ${group}: ${MAX_CONFLICTS} writes in a row lost to other writers`);
  }

  async limited(group: string, method: string, retryAfterMs: number): Promise<void> {
    const view = this.view(group);
    const { settings, clock } = this.options;
    await this.locked(view, async () => {
      // This instance's unused slots would fall into the pause: given back.
      view.unused.push(...view.leases.map((l) => l.until));
      view.leases = [];
      for (let attempt = 0; attempt < MAX_CONFLICTS; attempt += 1) {
        await this.backOff(attempt);
        const base = await this.current(group, method, view);
        const now = clock.now();
        const { next, applied } = this.settle(base, view, method, now);
        next.pausedUntil = Math.max(next.pausedUntil, now + retryAfterMs);
        next.limitedAt.push(now);
        const allowance = allowanceAt(next, now);
        if (now - next.lastCutAt >= settings.windowMs) {
          next.allowancePerMinute = Math.max(next.limitPerMinute * ADAPTIVE.floorShare, allowance * ADAPTIVE.cut);
          next.lastCutAt = now;
        } else {
          next.allowancePerMinute = allowance;
        }
        // Recovery counts calm windows from the end of the pause.
        next.calmSince = next.pausedUntil;
        if (await this.commit(view, base, next, applied)) return;
      }
      throw new PacingConflictError(`Gave up recording a 429 of ${group}: ${MAX_CONFLICTS} writes in a row lost to other writers`);
    });
  }

  untilNextSlot(group: string): number {
    const view = this.views.get(group);
    const now = this.options.clock.now();
    if (view?.leases.length) return Math.max(0, view.leases[0].start - now);
    const record = view?.record;
    if (!record) return 0;
    const limits = paceLimits(allowanceAt(record, now), this.options.settings);
    return Math.max(0, earliestSlot(record.times, limits, Math.max(now, record.pausedUntil), guardFor(this.options.settings)) - now);
  }
}
