import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { enqueueCallback } from '../callbacks/enqueue';
import type { CallbackPayload } from '../callbacks/types';
import type { ServiceConfig } from '../config/config';
import { MAX_ITEMS_DEFAULT } from '../jobs/constants';
import { jobQueueEntry, messageGroupId, parseJobMessage, PoisonMessageError } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import { changeVisibility, type VisibilityChange } from '../queue/visibility';
import type { SlackOutcome } from '../slack/outcome';
import { paginate } from '../slack/paginate';
import { findChannelCreatedByUs } from '../slack/verifyCreate';
import type { SlackCall } from '../slack/slackClient';
import { backoffSeconds } from './backoff';
import { systemClock, type Clock } from './clock';
import { nearDeadline, type Deadline } from './deadline';
import type { Pacer } from './pacer';
import { groupRecords, receiveCount } from './records';

export interface JobWorkerDeps {
  sqs: SQSClient;
  queues: { jobs: string; jobsDlq: string; callbacks: string };
  slack: SlackCall;
  /** Kept for the life of the Lambda instance, so pacing spans its batches. */
  pacer: Pacer;
  config: Pick<
    ServiceConfig,
    | 'jobRetryDelays'
    | 'jobMaxAttempts'
    | 'jobMaxReceives'
    | 'rateLimitFallbackSeconds'
    | 'slackTimeoutMs'
    | 'pacingMaxSleepMs'
    | 'pacingSharedState'
  >;
  logger: Logger;
  clock?: Clock;
  now?: () => Date;
  random?: () => number;
}

type RecordResult = { kind: 'done' } | { kind: 'defer'; seconds: number };

const DONE: RecordResult = { kind: 'done' };
/** Wait before retrying a record whose handling failed on our side (queue or network trouble). */
const INTERNAL_RETRY_SECONDS = 5;

const finish = async (
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
const quarantine = async (record: SQSRecord, error: PoisonMessageError, deps: JobWorkerDeps): Promise<void> => {
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
 * The Slack call as the worker makes it: in its group's next pacing slot, or, when that slot is
 * further off than a Lambda should sleep, not at all but as a wait for message visibility. A 429
 * pauses the group in the pacer too.
 */
const pacedCall = (job: JobMessage, deps: JobWorkerDeps, maxWaitMs: () => number): SlackCall => async (method, args) => {
  // The same key as the FIFO group, so pacing and FIFO's one-batch-at-a-time agree.
  const group = messageGroupId({ workspace: job.workspace, method });
  const slot = await deps.pacer.acquire(group, method, maxWaitMs());
  if (!slot.acquired) return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil(slot.waitMs / 1000)), source: 'pacer' };
  const outcome = await deps.slack(method, args);
  if (outcome.kind === 'rate_limited') {
    deps.pacer.pause(group, (outcome.retryAfterSeconds ?? deps.config.rateLimitFallbackSeconds) * 1000);
  }
  return outcome;
};

const run = (job: JobMessage, slack: SlackCall): Promise<SlackOutcome> =>
  job.paginate
    ? paginate(slack, job.method, job.args as Record<string, unknown>, job.max_items ?? MAX_ITEMS_DEFAULT)
    : slack(job.method, job.args as Record<string, unknown>);

/**
 * Runs the job. A retried create that meets `name_taken` checks Slack's state first: if an earlier
 * attempt made the channel (and its answer was lost), the job succeeded, it is not a conflict.
 */
const execute = async (job: JobMessage, slack: SlackCall, tried: boolean): Promise<SlackOutcome> => {
  const outcome = await run(job, slack);
  if (job.method !== 'conversations.create' || !tried || outcome.kind !== 'permanent' || outcome.code !== 'name_taken') {
    return outcome;
  }
  const check = await findChannelCreatedByUs(slack, String((job.args as { name: string }).name), new Date(job.enqueued_at));
  if ('failed' in check) return check.failed;
  return check.found ? { kind: 'succeeded', response: { ok: true, channel: check.found }, alreadyDone: 'created_by_earlier_attempt' } : outcome;
};

/**
 * Retries a job as a new message at the tail of its group, carrying its attempt count and backoff,
 * so one job's backoff does not hold up the rest of its method. If that send fails, the job is
 * hidden for the backoff instead (which does hold the group).
 */
const requeue = async (job: JobMessage, attempts: number, seconds: number, clock: Clock, deps: JobWorkerDeps): Promise<RecordResult> => {
  const retry: JobMessage = { ...job, previous_attempts: attempts, not_before: new Date(clock.now() + seconds * 1000).toISOString() };
  try {
    await deps.sqs.send(new SendMessageCommand({ QueueUrl: deps.queues.jobs, ...jobQueueEntry(retry) }));
    return DONE;
  } catch (error) {
    deps.logger.error('could not requeue a retry; hiding the job instead', { job_id: job.job_id, error: error as Error });
    return { kind: 'defer', seconds };
  }
};

const processRecord = async (record: SQSRecord, deps: JobWorkerDeps, maxWaitMs: () => number): Promise<RecordResult> => {
  let job: JobMessage;
  try {
    job = parseJobMessage(record.body);
  } catch (error) {
    if (!(error instanceof PoisonMessageError)) throw error;
    await quarantine(record, error, deps);
    return DONE;
  }
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const attempts = (job.previous_attempts ?? 0) + 1;
  const receives = receiveCount(record);

  // A retry waits out its backoff: asleep when short, hidden (holding its group) when not.
  const waitMs = job.not_before ? Date.parse(job.not_before) - clock.now() : 0;
  if (waitMs > 0) {
    if (waitMs > maxWaitMs()) return { kind: 'defer', seconds: Math.ceil(waitMs / 1000) };
    await clock.sleep(waitMs);
  }

  // Tried before (a retry, or a redelivery after a crash): Slack may already have done it.
  const outcome = await execute(job, pacedCall(job, deps, maxWaitMs), attempts > 1 || receives > 1);
  switch (outcome.kind) {
    case 'succeeded':
      await finish(job, attempts, { status: 'succeeded', result: outcome.response, ...(outcome.alreadyDone && { already_done: outcome.alreadyDone }) }, deps);
      return DONE;
    case 'permanent':
      await finish(job, attempts, { status: 'failed', ...(outcome.response && { result: outcome.response }), error: { code: outcome.code, message: outcome.message, retryable: false } }, deps);
      return DONE;
    case 'rate_limited': {
      // A 429 is not the job's fault, so it does not use up attempts; only the receive cap ends it,
      // before the queue's own redrive would move it to the DLQ unanswered.
      if (receives >= config.jobMaxReceives) {
        await finish(job, attempts, { status: 'failed', error: { code: 'ratelimited', message: 'Still rate-limited after the last delivery', retryable: true } }, deps);
        return DONE;
      }
      const seconds = outcome.retryAfterSeconds ?? config.rateLimitFallbackSeconds;
      if (outcome.source === 'pacer') deps.logger.debug('paced: waiting for the next slot', { job_id: job.job_id, method: job.method, wait: seconds });
      else deps.logger.warn('rate limited by Slack', { job_id: job.job_id, method: job.method, retry_after: seconds });
      return { kind: 'defer', seconds };
    }
    case 'transient': {
      const maxAttempts = Math.min(config.jobMaxAttempts, outcome.maxAttempts ?? Number.POSITIVE_INFINITY);
      if (attempts >= maxAttempts) {
        await finish(job, attempts, { status: 'failed', error: { code: outcome.code, message: outcome.message, retryable: true } }, deps);
        return DONE;
      }
      const seconds = backoffSeconds(attempts, config.jobRetryDelays, deps.random);
      deps.logger.warn('transient failure, will retry', { job_id: job.job_id, method: job.method, code: outcome.code, attempts, retry_in: seconds });
      return requeue(job, attempts, seconds, clock, deps);
    }
  }
};

/**
 * Handles one SQS batch from the FIFO jobs queue. Groups (one per workspace and method) run side
 * by side; inside a group, jobs run in order, each call in its pacing slot. The first job that
 * must wait longer than a short sleep stops its group: it is hidden for its wait while the rest of
 * the group goes back unprocessed, in order.
 *
 * FIFO hands out one batch of a group at a time, possibly to another Lambda instance with no memory
 * of this one's calls; so before returning, a group that ran to the end waits out its current
 * interval (a short sleep), and the next batch may call at once wherever it runs.
 *
 * Written by hand rather than with Powertools' SqsFifoPartialProcessor: a group that must wait
 * needs its messages' visibility set (the waiting one hidden, the rest returned in order), which
 * a partial-failure report alone does not do.
 */
export const processJobBatch = async (event: SQSEvent, context: Deadline, deps: JobWorkerDeps): Promise<SQSBatchResponse> => {
  const failed: SQSRecord[] = [];
  const changes: VisibilityChange[] = [];
  const { config } = deps;
  const clock = deps.clock ?? systemClock;
  const budgetMs = config.slackTimeoutMs + 2_000;
  const maxWaitMs = () => Math.max(0, Math.min(config.pacingMaxSleepMs, context.getRemainingTimeInMillis() - budgetMs));

  await Promise.all(
    groupRecords(event.Records).map(async (records) => {
      for (let index = 0; index < records.length; index += 1) {
        const record = records[index];
        let result: RecordResult;
        if (nearDeadline(context, budgetMs)) {
          result = { kind: 'defer', seconds: 0 };
        } else {
          try {
            result = await processRecord(record, deps, maxWaitMs);
          } catch (error) {
            deps.logger.error('job handling failed', { messageId: record.messageId, error: error as Error });
            result = { kind: 'defer', seconds: INTERNAL_RETRY_SECONDS };
          }
        }
        if (result.kind === 'defer') {
          const rest = records.slice(index + 1);
          failed.push(record, ...rest);
          // Returned newest first: a queue that puts returned messages back at the head of the group keeps their order.
          changes.push(...rest.reverse().map((r) => ({ receiptHandle: r.receiptHandle, seconds: 0 })));
          changes.push({ receiptHandle: record.receiptHandle, seconds: result.seconds });
          return;
        }
      }
      const group = records[0].attributes.MessageGroupId;
      if (!config.pacingSharedState && group !== undefined) {
        const handOff = Math.min(deps.pacer.untilNextSlot(group), maxWaitMs());
        if (handOff > 0) await clock.sleep(handOff);
      }
    }),
  );

  if (changes.length > 0) {
    try {
      await changeVisibility(deps.sqs, deps.queues.jobs, changes);
    } catch (error) {
      // The messages still come back when the queue's own visibility timeout ends.
      deps.logger.error('could not change message visibility', { error: error as Error });
    }
  }
  return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
};
