import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { afterJobEnded, type JobEndedDeps } from '../jobs/jobEnded';
import type { PoisonMessageError } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import type { JobEnd, JobRecord } from '../ledger/records';
import { systemClock } from './clock';
import type { JobWorkerDeps, RecordResult } from './jobWorkerTypes';
import { DONE } from './jobWorkerTypes';

/** A cancel queues its callback within moments; one still owed after this was lost with the cancel. */
const CANCEL_CALLBACK_GRACE_MS = 60_000;

const endedDeps = (deps: JobWorkerDeps): JobEndedDeps => ({ ledger: deps.ledger, sqs: deps.sqs, callbacksQueueUrl: deps.queues.callbacks });

/**
 * Ends a job: the outcome is recorded in the ledger (once: a duplicate delivery that ends it again
 * changes nothing), then its callback is queued and its batch counts it.
 */
export const finish = async (job: Pick<JobMessage, 'job_id' | 'method' | 'callback_url' | 'batch_id'>, end: JobEnd, deps: JobWorkerDeps): Promise<void> => {
  const endedNow = await deps.ledger.jobs.end(job.job_id, end, job.callback_url !== undefined);
  if (endedNow) await afterJobEnded(job, end.status, endedDeps(deps));
  deps.logger.info('job finished', {
    job_id: job.job_id,
    method: job.method,
    status: end.status,
    attempts: end.attempts,
    ...(end.error && { error_code: end.error.code }),
    ...(end.already_done && { already_done: end.already_done }),
    callback: job.callback_url !== undefined,
    ...(!endedNow && { note: 'already ended by an earlier delivery' }),
  });
};

/**
 * A delivery of a job that may not run: cancelled, or ended by an earlier delivery whose worker
 * stopped before it was done (then its callback and batch count are made good), or unknown.
 */
export const settleNotRunnable = async (job: JobMessage, record: JobRecord | undefined, deps: JobWorkerDeps): Promise<RecordResult> => {
  if (!record) {
    deps.logger.warn('job is not in the ledger (expired or never recorded): dropped', { job_id: job.job_id, method: job.method });
    return DONE;
  }
  if (record.status === 'cancelled') {
    // The cancel queued the callback; if it died before it could, the callback is queued here.
    const stale = (deps.clock ?? systemClock).now() - Date.parse(record.completed_at ?? record.enqueued_at) > CANCEL_CALLBACK_GRACE_MS;
    await afterJobEnded(record, 'cancelled', endedDeps(deps), { callback: record.callback_status === 'pending' && stale });
  } else if (record.status === 'succeeded' || record.status === 'failed') {
    await afterJobEnded(record, record.status, endedDeps(deps), { callback: record.callback_status === 'pending' });
  }
  deps.logger.info('job delivery skipped', { job_id: job.job_id, status: record.status });
  return DONE;
};

/** A message the API would never have produced: kept in the DLQ, and its job (if the ledger knows it) failed. */
export const quarantine = async (record: SQSRecord, error: PoisonMessageError, deps: JobWorkerDeps): Promise<void> => {
  deps.logger.error('poison job message moved to the DLQ', { messageId: record.messageId, reason: error.message });
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.queues.jobsDlq,
      MessageBody: record.body,
      MessageGroupId: 'poison',
      MessageDeduplicationId: record.messageId,
      MessageAttributes: { reason: { DataType: 'String', StringValue: error.message.slice(0, 256) } },
    }),
  );
  const { partial } = error;
  if (partial?.job_id) {
    await finish(
      { job_id: partial.job_id, method: String(partial.method) as JobMessage['method'], callback_url: partial.callback_url, batch_id: partial.batch_id },
      { status: 'failed', attempts: 0, error: { code: 'invalid_job', message: error.message, retryable: false } }, // never tried against Slack
      deps,
    );
  }
};
