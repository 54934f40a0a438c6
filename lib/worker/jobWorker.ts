import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { parseJobMessage, PoisonMessageError } from '../jobs/jobMessage';
import type { JobMessage } from '../jobs/types';
import { handBack, type VisibilityChange } from '../queue/visibility';
import { backoffSeconds } from '../queue/backoff';
import { systemClock } from './clock';
import { nearDeadline, type Deadline } from './deadline';
import { finish, quarantine, settleNotRunnable } from './jobEnd';
import { requeue } from './retry';
import { DONE, type JobWorkerDeps, type RecordResult } from './jobWorkerTypes';
import { groupRecords, receiveCount } from '../queue/records';
import { execute, pacedCall } from './runJob';
import type { EnsureProgress } from '../provisioning/ensure';
import { acceptJobs } from '../jobs/submit';
import { TOKEN_DEAD_CODES } from '../workspaces/tokens';
import { isJobMethod } from '../catalogue/catalogue';

export type { JobWorkerDeps } from './jobWorkerTypes';

/** Wait before retrying a record whose handling failed on our side (queue or network trouble). */
const INTERNAL_RETRY_SECONDS = 5;

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

  // Only a queued job (or a running one, redelivered) runs: a cancelled or ended one does not.
  const started = await deps.ledger.jobs.start(job.job_id, attempts);
  if (started.kind === 'not_runnable') return settleNotRunnable(job, started.record, deps);

  // The workspace's token: a job of a workspace whose token died (or that was removed) fails at once.
  const grant = await deps.workspaces.grant(job.workspace);
  if (grant.kind !== 'active') {
    const error =
      grant.kind === 'disabled'
        ? { code: grant.code, message: `Workspace ${job.workspace} is disabled: Slack answered ${grant.code}; register a new token to enable it`, retryable: false }
        : { code: 'workspace_not_found', message: `Workspace ${job.workspace} is not registered`, retryable: false };
    await finish(job, { status: 'failed', attempts, error }, deps);
    return DONE;
  }

  // Tried before (a retry, or a redelivery after a crash): Slack may already have done it.
  const outcome = await execute(job, pacedCall(job, deps.slackWith(grant.token), deps, maxWaitMs), {
    tried: attempts > 1 || receives > 1,
    historyPageMax: config.historyPageMax,
    provisioning: {
      progress: started.record.progress as EnsureProgress | undefined,
      saveProgress: (progress) => deps.ledger.jobs.saveProgress(job.job_id, progress as unknown as Record<string, unknown>),
      names: deps.ledger.channelNames,
    },
    sweep: {
      ledger: deps.ledger,
      sqs: deps.sqs,
      callbacksQueueUrl: deps.queues.callbacks,
      accept: (requests, batch) =>
        acceptJobs(
          requests,
          { ledger: deps.ledger, sqs: deps.sqs, callbacksQueueUrl: deps.queues.callbacks, queueUrl: deps.queues.jobs, workspace: job.workspace, callbackPolicy: { allowPrivate: config.callbackAllowPrivate, allowedPorts: config.callbackAllowedPorts } },
          batch,
        ),
    },
  });
  switch (outcome.kind) {
    case 'succeeded':
      await finish(job, { status: 'succeeded', attempts, result: outcome.response, ...(outcome.alreadyDone && { already_done: outcome.alreadyDone }) }, deps);
      return DONE;
    case 'permanent':
      if (TOKEN_DEAD_CODES.has(outcome.code) && (await deps.workspaces.disable(job.workspace, outcome.code, grant.version))) {
        deps.logger.error('workspace disabled: Slack refused its token', { workspace: job.workspace, code: outcome.code, job_id: job.job_id });
      }
      await finish(job, { status: 'failed', attempts, ...(outcome.response && { result: outcome.response }), error: { code: outcome.code, message: outcome.message, retryable: false } }, deps);
      return DONE;
    case 'rate_limited': {
      // A 429 is not the job's fault, so it does not use up attempts; only the receive cap ends it,
      // before the queue's own redrive would move it to the DLQ unanswered.
      if (receives >= config.jobMaxReceives) {
        await finish(job, { status: 'failed', attempts, error: { code: 'ratelimited', message: 'Still rate-limited after the last delivery', retryable: true } }, deps);
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
        await finish(job, { status: 'failed', attempts, error: { code: outcome.code, message: outcome.message, retryable: true } }, deps);
        return DONE;
      }
      await deps.ledger.jobs.noteRetry(job.job_id, { code: outcome.code, message: outcome.message, retryable: true });
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
 * FIFO hands out one batch of a group at a time, possibly to another Lambda instance: the group's
 * pacing window is in the ledger, so the next batch paces on from this one's calls wherever it runs,
 * without a hand-off wait.
 *
 * Written by hand rather than with Powertools' SqsFifoPartialProcessor: a group that must wait
 * needs its messages' visibility set (the waiting one hidden, the rest returned in order), which
 * a partial-failure report alone does not do.
 */
export const processJobBatch = async (event: SQSEvent, context: Deadline, deps: JobWorkerDeps): Promise<SQSBatchResponse> => {
  const failed: SQSRecord[] = [];
  const changes: VisibilityChange[] = [];
  const { config } = deps;
  const budgetMs = config.slackTimeoutMs + 2_000;
  const maxWaitMs = () => Math.max(0, Math.min(config.pacingMaxSleepMs, context.getRemainingTimeInMillis() - budgetMs));

  /** One group's records, in order, until one must wait (it and the rest go back, in order). */
  const runGroup = async (records: SQSRecord[]) => {
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
  };

  await Promise.all(
    groupRecords(event.Records).map(async (records) => {
      // The group's calls are reserved together, a batch's worth in one write to the pacing window,
      // made beside the first job's start (a group named after a job method calls that method).
      const group = records[0].attributes.MessageGroupId;
      const method = group?.slice(group.lastIndexOf(':') + 1);
      if (group !== undefined) deps.pacer.expect(group, records.length, isJobMethod(method) ? { method, maxWaitMs: maxWaitMs() } : undefined);
      try {
        await runGroup(records);
      } finally {
        // Slots reserved and not used (a job cancelled, deferred, or with nothing to change) go back now.
        if (group !== undefined) await deps.pacer.handOff?.(group, maxWaitMs());
      }
    }),
  );

  await handBack(deps.sqs, deps.queues.jobs, changes, deps.logger);
  return { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) };
};
