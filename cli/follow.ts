import { type ApiClient, segment } from './http';
import { type BatchCounts, type BatchView, ENDED_STATUSES, type JobView } from './views';

/** How often a waiting command asks the API again (SCQ_POLL_MS overrides it). */
export const pollIntervalMs = (env: NodeJS.ProcessEnv): number => {
  const value = Number(env.SCQ_POLL_MS);
  return Number.isFinite(value) && value >= 50 ? value : 1000;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET /v1/jobs/{id} until the job has ended. */
export const waitForJob = async (client: ApiClient, jobId: string, pollMs: number): Promise<JobView> => {
  for (;;) {
    const job = await client.get<JobView>(`/v1/jobs/${segment(jobId)}`);
    if (ENDED_STATUSES.includes(job.status)) return job;
    await sleep(pollMs);
  }
};

/** Several batches seen as one. */
export interface Totals extends BatchCounts {
  total: number;
  done: boolean;
  /** The longest ETA the API gives for any unfinished batch. */
  eta_seconds?: number;
}

export const sumBatches = (batches: Iterable<BatchView>): Totals => {
  const totals: Totals = { total: 0, queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0, done: true };
  for (const batch of batches) {
    totals.total += batch.total;
    for (const key of ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const) totals[key] += batch.counts[key];
    totals.done &&= batch.done;
    if (!batch.done && batch.eta_seconds !== undefined) totals.eta_seconds = Math.max(totals.eta_seconds ?? 0, batch.eta_seconds);
  }
  return totals;
};

/** How many batches are asked for at once. */
const PARALLEL_GETS = 8;

/**
 * GET /v1/batches/{id} for every batch not yet done, calling `onUpdate` with the totals after each
 * round, until all are done; returns each batch's last view.
 */
export const followBatches = async (
  client: ApiClient,
  batchIds: readonly string[],
  pollMs: number,
  onUpdate: (totals: Totals) => void,
): Promise<BatchView[]> => {
  const views = new Map<string, BatchView>();
  for (;;) {
    const open = batchIds.filter((id) => views.get(id)?.done !== true);
    for (let start = 0; start < open.length; start += PARALLEL_GETS) {
      const round = await Promise.all(open.slice(start, start + PARALLEL_GETS).map((id) => client.get<BatchView>(`/v1/batches/${segment(id)}`)));
      for (const view of round) views.set(view.batch_id, view);
    }
    const totals = sumBatches(views.values());
    onUpdate(totals);
    if (totals.done) return batchIds.map((id) => views.get(id) as BatchView);
    await sleep(pollMs);
  }
};
