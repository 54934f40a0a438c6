import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { jobQueueEntry } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import type { Clock } from './clock';
import { DONE, type JobWorkerDeps, type RecordResult } from './jobWorkerTypes';

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
