/** Slack's answer as the ledger keeps it: any JSON object (the ledger knows nothing of Slack). */
export type StoredResponse = Record<string, unknown>;

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const ENDED_STATUSES = ['succeeded', 'failed', 'cancelled'] as const;
export type EndedStatus = (typeof ENDED_STATUSES)[number];
export const isEnded = (status: JobStatus): status is EndedStatus => (ENDED_STATUSES as readonly string[]).includes(status);

/** `none`: no callback_url; `pending`: to be delivered; `delivered`: a 2xx came back; `failed`: gave up (DLQ or 410). */
export type CallbackStatus = 'pending' | 'delivered' | 'failed' | 'none';

export interface JobError {
  code: string;
  message: string;
  retryable: boolean;
}

/** What a caller asked for, as the worker needs it: also the body of a job's queue message. */
export interface JobSpec {
  job_id: string;
  workspace: string;
  method: string;
  args: Record<string, unknown>;
  callback_url?: string;
  idempotency_key?: string;
  paginate?: boolean;
  max_items?: number;
  /** A /slack/api call: one Slack call, Slack's answer as the result. */
  raw?: true;
  batch_id?: string;
  enqueued_at: string;
}

/** Where a callback stands: shared by jobs and batches. */
export interface CallbackState {
  callback_status: CallbackStatus;
  callback_attempts: number;
  callback_last_status?: number;
  callback_last_error?: string;
  callback_delivered_at?: string;
}

/** A job as the ledger holds it. */
export interface JobRecord extends JobSpec, CallbackState {
  status: JobStatus;
  attempts: number;
  started_at?: string;
  completed_at?: string;
  result?: StoredResponse;
  error?: JobError;
  /** The last transient failure of a job that will be retried. */
  last_error?: JobError;
  /** How far a multi-step job got. */
  progress?: Record<string, unknown>;
  already_done?: string;
}

/** How a job ended, as the worker (or a cancel) records it. */
export interface JobEnd {
  status: EndedStatus;
  attempts: number;
  result?: StoredResponse;
  error?: JobError;
  already_done?: string;
}

export interface BatchRecord extends CallbackState {
  batch_id: string;
  workspace: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  created_at: string;
  completed_at?: string;
  batch_callback_url?: string;
  /** Jobs are still being added (a sweep is listing): the batch cannot complete before it is sealed. */
  open_ended?: boolean;
  /** Someone cancelled the batch: whatever still adds jobs to it stops. */
  cancel_requested?: boolean;
}

/** One job as a batch listing shows it (the index holds no args or result). */
export type BatchMember = Pick<
  JobRecord,
  'job_id' | 'method' | 'status' | 'attempts' | 'error' | 'already_done' | 'idempotency_key' | 'batch_id' | 'enqueued_at' | 'started_at' | 'completed_at'
>;
