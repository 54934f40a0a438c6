import { enqueueCallback } from '../callbacks/enqueue';
import { InvalidCursorError } from '../ledger/batchStore';
import type { JobStatus } from '../ledger/records';
import {
  BatchNotFoundError,
  CallbackNotRedeliverableError,
  InvalidRequestError,
  JobNotCancellableError,
  JobNotFoundError,
} from './errors';
import { afterJobEnded, type JobEndedDeps } from './jobEnded';
import { toBatchView, toJobView } from './views';
import { type Access, canUse } from '../workspaces/access';
import type { BatchRecord, JobRecord } from '../ledger/records';

export interface ManageDeps extends JobEndedDeps {
  /** Paced calls per minute of a method, for batch ETAs. */
  callsPerMinute: (method: string) => number;
}

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
export const LIST_LIMIT_DEFAULT = 100;
export const LIST_LIMIT_MAX = 1000;
/** Cancels of a batch's jobs made at once. */
const CANCEL_CONCURRENCY = 8;

/** A job the key may see; another workspace's job is as missing as one that never was. */
const visibleJob = async (jobId: string, deps: ManageDeps, access: Access, options?: { withResult?: boolean }): Promise<JobRecord> => {
  const job = await deps.ledger.jobs.get(jobId, options);
  if (!job || !canUse(access, job.workspace)) throw new JobNotFoundError(jobId);
  return job;
};

const visibleBatch = async (batchId: string, deps: ManageDeps, access: Access): Promise<BatchRecord> => {
  const batch = await deps.ledger.batches.get(batchId);
  if (!batch || !canUse(access, batch.workspace)) throw new BatchNotFoundError(batchId);
  return batch;
};

export const getJob = async (jobId: string, deps: ManageDeps, access: Access) => toJobView(await visibleJob(jobId, deps, access));

export const getBatch = async (batchId: string, deps: ManageDeps, access: Access) => {
  const batch = await visibleBatch(batchId, deps, access);
  return toBatchView(batch, await deps.ledger.batches.memberStats(batchId), deps.callsPerMinute);
};

/** Parses `?status=&limit=&cursor=` for a batch's job list. */
const listOptions = (query: Record<string, string | undefined>) => {
  const details = [];
  const status = query.status as JobStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status)) details.push({ path: 'status', message: `must be one of ${STATUSES.join(', ')}` });
  const limit = query.limit === undefined ? LIST_LIMIT_DEFAULT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) details.push({ path: 'limit', message: `must be a whole number from 1 to ${LIST_LIMIT_MAX}` });
  if (query.cursor !== undefined && query.cursor.length > 1024) details.push({ path: 'cursor', message: 'is too long' });
  if (details.length > 0) throw new InvalidRequestError('Invalid query parameters', details);
  return { status, limit, cursor: query.cursor };
};

export const listBatchJobs = async (batchId: string, query: Record<string, string | undefined>, deps: ManageDeps, access: Access) => {
  const options = listOptions(query);
  await visibleBatch(batchId, deps, access);
  try {
    return await deps.ledger.batches.listMembers(batchId, options);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new InvalidRequestError('Invalid query parameters', [{ path: 'cursor', message: error.message }], { cause: error });
    throw error;
  }
};

/** Cancels a queued job: it never reaches Slack, and its callback says `cancelled`. */
export const cancelJob = async (jobId: string, deps: ManageDeps, access: Access) => {
  await visibleJob(jobId, deps, access, { withResult: false });
  const outcome = await deps.ledger.jobs.cancel(jobId);
  if (outcome.kind === 'not_cancellable') {
    if (!outcome.record) throw new JobNotFoundError(jobId);
    throw new JobNotCancellableError(jobId, outcome.record.status);
  }
  await afterJobEnded(outcome.record, 'cancelled', deps);
  return toJobView(outcome.record);
};

/** Cancels every job of a batch that has not started; returns how many. */
export const cancelBatch = async (batchId: string, deps: ManageDeps, access: Access) => {
  await visibleBatch(batchId, deps, access);
  // First, so that a sweep still listing into this batch adds nothing more.
  await deps.ledger.batches.requestCancel(batchId);
  let cancelled = 0;
  // A sweep's batch can hold more than one page of queued jobs.
  let cursor: string | undefined;
  do {
    const page = await deps.ledger.batches.listMembers(batchId, { status: 'queued', limit: LIST_LIMIT_MAX, cursor });
    for (let i = 0; i < page.jobs.length; i += CANCEL_CONCURRENCY) {
      await Promise.all(
        page.jobs.slice(i, i + CANCEL_CONCURRENCY).map(async ({ job_id: jobId }) => {
          const outcome = await deps.ledger.jobs.cancel(jobId);
          if (outcome.kind !== 'cancelled') return; // started meanwhile
          cancelled += 1;
          await afterJobEnded(outcome.record, 'cancelled', deps);
        }),
      );
    }
    cursor = page.next_cursor;
  } while (cursor);
  return { batch_id: batchId, cancelled };
};

/** Delivers an ended job's callback again, with the same webhook-id. */
export const redeliverCallback = async (jobId: string, deps: ManageDeps, access: Access) => {
  const job = await visibleJob(jobId, deps, access, { withResult: false });
  if (job.callback_url === undefined) throw new CallbackNotRedeliverableError(jobId, 'it has no callback_url');
  if (!(await deps.ledger.jobs.reopenCallback(jobId))) throw new CallbackNotRedeliverableError(jobId, `it is ${job.status}, not ended`);
  await enqueueCallback(deps.sqs, deps.callbacksQueueUrl, { kind: 'job', id: jobId });
  return { job_id: jobId, callback: { url: job.callback_url, status: 'pending' as const } };
};
