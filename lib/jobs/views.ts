import type { BatchCallbackPayload, JobCallbackPayload } from '../callbacks/types';
import type { MemberStats } from '../ledger/batchStore';
import type { BatchRecord, CallbackState, EndedStatus, JobRecord } from '../ledger/records';

/** Where a job's or a batch's callback stands. */
const toCallbackView = (url: string, state: CallbackState) => ({
  url,
  status: state.callback_status,
  attempts: state.callback_attempts,
  ...(state.callback_last_status !== undefined && { last_status: state.callback_last_status }),
  ...(state.callback_last_error !== undefined && { last_error: state.callback_last_error }),
  ...(state.callback_delivered_at !== undefined && { delivered_at: state.callback_delivered_at }),
});

/**
 * The claim a /slack/api call's repeats find their job by: internal (it names the caller's key by
 * a digest), so no view shows it.
 */
export const REPLAY_KEY_PREFIX = 'slack-api:';
const shownKey = (key: string | undefined) => (key === undefined || key.startsWith(REPLAY_KEY_PREFIX) ? undefined : key);

/** A job as `GET /v1/jobs/{job_id}` shows it. */
export const toJobView = (job: JobRecord) => ({
  job_id: job.job_id,
  workspace: job.workspace,
  method: job.method,
  status: job.status,
  attempts: job.attempts,
  args: job.args,
  ...(job.result !== undefined && { result: job.result }),
  ...(job.error !== undefined && { error: job.error }),
  ...(job.last_error !== undefined && job.status === 'running' && { last_error: job.last_error }),
  // The step a multi-step job (channels.ensure) has reached, while it runs.
  ...(job.progress !== undefined && job.status === 'running' && { progress: job.progress }),
  ...(job.already_done !== undefined && { already_done: job.already_done }),
  ...(shownKey(job.idempotency_key) !== undefined && { idempotency_key: job.idempotency_key }),
  ...(job.raw && { raw: true }),
  ...(job.batch_id !== undefined && { batch_id: job.batch_id }),
  ...(job.paginate !== undefined && { paginate: job.paginate }),
  ...(job.max_items !== undefined && { max_items: job.max_items }),
  enqueued_at: job.enqueued_at,
  ...(job.started_at !== undefined && { started_at: job.started_at }),
  ...(job.completed_at !== undefined && { completed_at: job.completed_at }),
  ...(job.callback_url !== undefined && { callback: toCallbackView(job.callback_url, job) }),
});

/** The body of an ended job's callback. */
export const toJobCallbackPayload = (job: JobRecord): JobCallbackPayload => ({
  job_id: job.job_id,
  workspace: job.workspace,
  method: job.method,
  status: job.status as EndedStatus,
  attempts: job.attempts,
  ...(job.result !== undefined && { result: job.result }),
  ...(job.error !== undefined && { error: job.error }),
  ...(job.already_done !== undefined && { already_done: job.already_done }),
  ...(job.idempotency_key !== undefined && { idempotency_key: job.idempotency_key }),
  ...(job.batch_id !== undefined && { batch_id: job.batch_id }),
  enqueued_at: job.enqueued_at,
  completed_at: job.completed_at ?? job.enqueued_at,
});

export const toBatchCallbackPayload = (batch: BatchRecord): BatchCallbackPayload => ({
  type: 'batch.completed',
  batch_id: batch.batch_id,
  workspace: batch.workspace,
  total: batch.total,
  counts: { succeeded: batch.succeeded, failed: batch.failed, cancelled: batch.cancelled },
  completed_at: batch.completed_at ?? batch.created_at,
});

/**
 * A batch as `GET /v1/batches/{batch_id}` shows it. Ended counts come from the batch item (exact);
 * running from the index; queued is the rest. The ETA assumes each method's unended jobs run at
 * that method's paced rate, methods side by side.
 */
export const toBatchView = (batch: BatchRecord, stats: MemberStats, callsPerMinute: (method: string) => number) => {
  const ended = batch.succeeded + batch.failed + batch.cancelled;
  const running = Math.min(stats.byStatus.running, Math.max(0, batch.total - ended));
  // Done once closed: every job ended and counted (a sweep's batch also sealed), its callback queued.
  const done = batch.completed_at !== undefined;
  const eta = Math.max(0, ...Object.entries(stats.unendedByMethod).map(([method, count]) => (count * 60) / callsPerMinute(method)));
  return {
    batch_id: batch.batch_id,
    workspace: batch.workspace,
    total: batch.total,
    counts: { queued: Math.max(0, batch.total - ended - running), running, succeeded: batch.succeeded, failed: batch.failed, cancelled: batch.cancelled },
    done,
    created_at: batch.created_at,
    ...(batch.completed_at !== undefined && { completed_at: batch.completed_at }),
    ...(!done && { eta_seconds: Math.ceil(eta) }),
    ...(batch.batch_callback_url !== undefined && { callback: toCallbackView(batch.batch_callback_url, batch) }),
  };
};
