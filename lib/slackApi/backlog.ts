/**
 * The proxy jobs this process is waiting on, per `<workspace>:<method>` group, in the order they
 * were submitted: a cheap measure of a job's place in its queue for Retry-After. It counts only
 * this process's callers (a Lambda instance serves one at a time), so it is a floor, not a census.
 */
export const createBacklog = () => {
  const groups = new Map<string, Set<string>>();
  return {
    add(group: string, jobId: string): void {
      const jobs = groups.get(group) ?? new Set<string>();
      jobs.add(jobId);
      groups.set(group, jobs);
    },
    remove(group: string, jobId: string): void {
      const jobs = groups.get(group);
      jobs?.delete(jobId);
      if (jobs?.size === 0) groups.delete(group);
    },
    /** How many of the group's jobs were submitted before this one (0 when it is not tracked). */
    ahead(group: string, jobId: string): number {
      let count = 0;
      for (const id of groups.get(group) ?? []) {
        if (id === jobId) return count;
        count += 1;
      }
      return 0;
    },
  };
};

export type Backlog = ReturnType<typeof createBacklog>;

/**
 * Seconds until the job should have run: one pacing slot per job ahead of it, plus its own, at the
 * method's rate; at least 1 (Retry-After is whole seconds, and 0 would invite a busy loop).
 */
export const expectedWaitSeconds = (ahead: number, callsPerMinute: number): number =>
  Math.max(1, Math.ceil(((ahead + 1) * 60) / Math.max(callsPerMinute, 1e-6)));
