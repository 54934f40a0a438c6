import { SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { enqueueCallback } from '../callbacks/enqueue';
import type { CallbackPayload } from '../callbacks/types';
import { jobQueueEntry, type PoisonMessageError } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import type { Clock } from './clock';
import type { JobWorkerDeps, RecordResult } from './jobWorkerTypes';
import { DONE } from './jobWorkerTypes';

/** Ends a job: its callback is queued (when it has a callback_url) and the outcome is logged. */
export const finish = async (
  job: JobMessage,
  attempts: number,
  outcome: Pick<CallbackPayload, 'status' | 'result' | 'error' | 'already_done'>,
  deps: JobWorkerDeps,
): Promise<void> => {
  const payload: CallbackPayload = {
    job_id: job.job_id,
    method: job.method,
    attempts,
    ...outcome,
    ...(job.idempotency_key !== undefined && { idempotency_key: job.idempotency_key }),
    enqueued_at: job.enqueued_at,
    completed_at: (deps.now ?? (() => new Date()))().toISOString(),
  };
  if (job.callback_url !== undefined) {
    await enqueueCallback(deps.sqs, deps.queues.callbacks, { v: 1, job_id: job.job_id, callback_url: job.callback_url, payload });
  }
  deps.logger.info('job finished', {
    job_id: job.job_id,
    method: job.method,
    status: outcome.status,
    attempts,
    ...(outcome.error && { error_code: outcome.error.code }),
    ...(outcome.already_done && { already_done: outcome.already_done }),
    callback: job.callback_url !== undefined,
  });
};

/** A message the API would never have produced: kept in the DLQ, answered when it names a callback. */
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
  if (partial?.job_id && partial.callback_url && partial.enqueued_at) {
    await finish(
      { ...(partial as JobMessage), method: String(partial.method) as JobMessage['method'] },
      0, // never tried against Slack
      { status: 'failed', error: { code: 'invalid_job', message: error.message, retryable: false } },
      deps,
    );
  }
};


/**
 * Retries a job as a new message at the tail of its group, carrying its attempt count and backoff,
 * so one job's backoff does not hold up the rest of its method. If that send fails, the job is
 * hidden for the backoff instead (which does hold the group).
 */
export const requeue = async (job: JobMessage, attempts: number, seconds: number, clock: Clock, deps: JobWorkerDeps): Promise<RecordResult> => {
  const retry: JobMessage = { ...job, previous_attempts: attempts, not_before: new Date(clock.now() + seconds * 1000).toISOString() };
  try {
    await deps.sqs.send(new SendMessageCommand({ QueueUrl: deps.queues.jobs, ...jobQueueEntry(retry) }));
    return DONE;
  } catch (error) {
    deps.logger.error('could not requeue a retry; hiding the job instead', { job_id: job.job_id, error: error as Error });
    return { kind: 'defer', seconds };
  }
};

