import type { SQSClient } from '@aws-sdk/client-sqs';
import { enqueueCallback } from '../callbacks/enqueue';
import type { Ledger } from '../ledger/ledger';
import type { BatchRecord, EndedStatus, JobRecord } from '../ledger/records';

export interface JobEndedDeps {
  ledger: Ledger;
  sqs: SQSClient;
  callbacksQueueUrl: string;
}

/** Closes a batch whose jobs have all ended, once, and queues its completion callback. */
export const completeBatchIfDone = async (batch: BatchRecord | undefined, deps: JobEndedDeps): Promise<void> => {
  if (!batch || batch.completed_at !== undefined || batch.open_ended) return;
  if (batch.succeeded + batch.failed + batch.cancelled < batch.total) return;
  if (!(await deps.ledger.batches.complete(batch))) return;
  if (batch.batch_callback_url !== undefined) await enqueueCallback(deps.sqs, deps.callbacksQueueUrl, { kind: 'batch', id: batch.batch_id });
};

/**
 * What follows a job's end, whoever ended it (worker or cancel): its callback is queued and its
 * batch counts it, side by side. Both steps are safe to repeat.
 */
export const afterJobEnded = async (
  job: Pick<JobRecord, 'job_id' | 'callback_url' | 'batch_id'>,
  status: EndedStatus,
  deps: JobEndedDeps,
  options: { callback: boolean } = { callback: true },
): Promise<void> => {
  const { batch_id: batchId } = job;
  await Promise.all([
    options.callback && job.callback_url !== undefined ? enqueueCallback(deps.sqs, deps.callbacksQueueUrl, { kind: 'job', id: job.job_id }) : undefined,
    batchId !== undefined ? deps.ledger.batches.countEnded(batchId, job.job_id, status).then((batch) => completeBatchIfDone(batch, deps)) : undefined,
  ]);
};
