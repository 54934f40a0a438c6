/**
 * The wait before retry number `attempt` (1-based): the configured schedule, its last value
 * repeated, with "equal jitter" (half fixed, half random) so that retries of many jobs spread out.
 */
export const backoffSeconds = (attempt: number, schedule: readonly number[], random: () => number = Math.random): number => {
  const base = schedule[Math.min(Math.max(attempt, 1), schedule.length) - 1] ?? 0;
  return Math.round(base / 2 + (base / 2) * random());
};
