import type { Access } from '../workspaces/access';
import { canSee } from './access';
import type { QueueDirectory } from './queues';
import type { GroupStat, OpsDeps } from './types';

/**
 * `GET /v1/overview`: queue depths (admin keys only: a queue holds every workspace's work), the
 * jobs not yet ended by status, and each pacing group the key may see.
 */
export const buildOverview = async (access: Access, deps: Pick<OpsDeps, 'ledger' | 'groupStats' | 'now'>, queues: QueueDirectory) => {
  const admin = access.kind === 'admin';
  const [depths, open, groups] = await Promise.all([
    admin ? Promise.all([queues.depth('jobs'), queues.depth('callbacks')]) : undefined,
    deps.ledger.operator.openJobs(),
    readGroups(deps.groupStats),
  ]);
  const counts = { queued: 0, running: 0 };
  for (const job of open.jobs) {
    if (!canSee(access, job.workspace)) continue;
    if (job.status === 'queued') counts.queued += 1;
    else if (job.status === 'running') counts.running += 1;
  }
  return {
    ...(depths && {
      queues: { jobs: depths[0], callbacks: depths[1], ...(open.oldest_at !== undefined && { oldest_open_job_at: open.oldest_at }) },
    }),
    // `truncated`: more jobs are open than the overview reads; the counts are of the oldest ones.
    // Admin keys only: to a scoped key it would tell how busy other workspaces are.
    jobs: { ...counts, ...(open.truncated && access.kind === 'admin' && { truncated: true }) },
    groups: groups.stats.filter((group) => canSee(access, group.workspace)),
    ...(groups.unavailable && { groups_unavailable: true }),
    generated_at: (deps.now?.() ?? new Date()).toISOString(),
  };
};

/** Pacing figures are a help, not the point: the overview still answers when they fail. */
const readGroups = async (groupStats: OpsDeps['groupStats']): Promise<{ stats: GroupStat[]; unavailable?: true }> => {
  if (!groupStats) return { stats: [] };
  try {
    return { stats: await groupStats() };
  } catch {
    return { stats: [], unavailable: true };
  }
};
