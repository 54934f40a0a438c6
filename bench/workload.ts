/** The benchmark's workload: 600 creates, 500 infos, 300 members, interleaved as a bulk run would be. */
export interface WorkloadJob {
  method: string;
  args: Record<string, unknown>;
}

export const WORKLOAD = { 'conversations.create': 600, 'conversations.info': 500, 'conversations.members': 300 } as const;

export const buildWorkload = (prefix: string): WorkloadJob[] => {
  const jobs: WorkloadJob[] = [];
  const counts = { ...WORKLOAD };
  let i = 0;
  while (Object.values(counts).some((n) => n > 0)) {
    if (counts['conversations.create']-- > 0) jobs.push({ method: 'conversations.create', args: { name: `${prefix}-${i}` } });
    if (counts['conversations.info']-- > 0) jobs.push({ method: 'conversations.info', args: { channel: 'C01GENERAL' } });
    if (counts['conversations.members']-- > 0) jobs.push({ method: 'conversations.members', args: { channel: 'C02RANDOM0', limit: 100 } });
    i += 1;
  }
  return jobs;
};

/** The floor: no client can finish faster than the slowest method's jobs ÷ its rate. */
export const floorSeconds = (jobs: WorkloadJob[], perMinute: (method: string) => number): number => {
  const byMethod = new Map<string, number>();
  for (const job of jobs) byMethod.set(job.method, (byMethod.get(job.method) ?? 0) + 1);
  return Math.max(...[...byMethod].map(([method, n]) => (n / perMinute(method)) * 60));
};
