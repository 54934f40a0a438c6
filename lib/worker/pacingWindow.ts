/** At most `calls` calls in any `windowMs` span. */
export interface PaceLimit {
  calls: number;
  windowMs: number;
}

export interface PacingSettings {
  /** Share of each rate used (≤ 1). */
  headroom: number;
  /** The span Slack counts calls over: a minute, or a scaled-down minute for tests and benchmarks. */
  windowMs: number;
  /** The most calls of one group let go at once (undefined: a whole window's worth). */
  burst?: number;
  /** Kept between a call leaving a window and the next one entering: covers the jitter of the way to Slack. */
  guardMs?: number;
  /** How long a reserved slot stays usable after its start (the caller may be busy with the calls before it). */
  holdMs?: number;
}

/** A call's way to Slack varies by milliseconds (locally) to tens of them: a sliver of the window covers it. */
export const guardFor = (settings: PacingSettings): number => settings.guardMs ?? Math.min(250, settings.windowMs / 200);
/** Long enough for a batch to make a few calls one after another, short enough to cost little if unused. */
export const holdFor = (settings: PacingSettings): number => settings.holdMs ?? Math.min(2_000, settings.windowMs / 20);

/**
 * The limits a group's calls are paced by, from its allowance (calls per minute): at most the
 * allowance's share of a window in any window, and no more than `burst` at once. A method that
 * gets less than one call a window (tier 1 with headroom, or an allowance cut down by 429s) is
 * spaced evenly.
 */
export const paceLimits = (perMinute: number, settings: PacingSettings): PaceLimit[] => {
  const perMs = (perMinute * settings.headroom) / 60_000;
  // Rounded first: 1200 a minute over 1000 ms is 20 calls, not 19.999….
  const calls = Math.floor(Math.round(perMs * settings.windowMs * 1e6) / 1e6);
  if (calls < 1) return [{ calls: 1, windowMs: 1 / perMs }];
  const limits = [{ calls, windowMs: settings.windowMs }];
  if (settings.burst !== undefined && settings.burst < calls) limits.push({ calls: settings.burst, windowMs: settings.burst / perMs });
  return limits;
};

/**
 * The earliest time from `from` at which one more call keeps every limit, given the group's
 * call times (ascending, reservations included): the call `calls` places back must have left its
 * window. A call placed so never makes any window hold more than `calls`.
 */
export const earliestSlot = (times: readonly number[], limits: readonly PaceLimit[], from: number, guardMs: number): number => {
  let slot = from;
  for (const { calls, windowMs } of limits) {
    if (times.length >= calls) slot = Math.max(slot, times[times.length - calls] + windowMs + guardMs);
  }
  return slot;
};

/** Inserts `time` into ascending `times`, in place. */
export const insertSorted = (times: number[], time: number): void => {
  let index = times.length;
  while (index > 0 && times[index - 1] > time) index -= 1;
  times.splice(index, 0, time);
};

/** Removes one occurrence of `time`, in place; true if it was there. */
export const removeOne = (times: number[], time: number): boolean => {
  const index = times.indexOf(time);
  if (index < 0) return false;
  times.splice(index, 1);
  return true;
};
