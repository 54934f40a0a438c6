import type { JobError, StoredResponse } from '../ledger/records';

/** The JSON body POSTed to a job's callback URL. */
export interface JobCallbackPayload {
  job_id: string;
  /** The Slack workspace (team or org ID) the job ran in. */
  workspace: string;
  method: string;
  status: 'succeeded' | 'failed' | 'cancelled';
  attempts: number;
  result?: StoredResponse;
  error?: JobError;
  /** Set when Slack said the requested state already held (e.g. `already_in_channel`). */
  already_done?: string;
  idempotency_key?: string;
  batch_id?: string;
  enqueued_at: string;
  completed_at: string;
}

/** The JSON body POSTed to a batch's `batch_callback_url` once every job of it has ended. */
export interface BatchCallbackPayload {
  type: 'batch.completed';
  batch_id: string;
  workspace: string;
  total: number;
  counts: { succeeded: number; failed: number; cancelled: number };
  completed_at: string;
}

/** The body of a message on the callbacks queue: whose callback to deliver. Holds no secret and no result. */
export interface CallbackMessage {
  v: 2;
  kind: 'job' | 'batch';
  id: string;
}
