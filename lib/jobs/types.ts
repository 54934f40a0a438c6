import type { RunnableMethod } from './methods';

/** A job as the API accepted it, arguments normalised by the method's schema. */
export interface JobRequest {
  method: RunnableMethod;
  args: Record<string, unknown>;
  callback_url?: string;
  idempotency_key?: string;
  paginate?: boolean;
  max_items?: number;
  /**
   * Slack's answer is the result, as Slack gave it, from exactly one call (the Slack-compatible
   * endpoint, whose clients expect Slack's semantics): no pagination, compare-first, chunking or reconcile.
   */
  raw?: true;
  /** The workspace a batch item named (it must be its batch's); resolved and removed before the job is recorded. */
  workspace?: string;
}

/** The body of a message on the jobs queue. Holds no secret. */
export interface JobMessage extends JobRequest {
  v: 1;
  job_id: string;
  workspace: string;
  enqueued_at: string;
  /** The batch the job belongs to. */
  batch_id?: string;
  /** Tries already made against Slack (a retry is a new message carrying the count). */
  previous_attempts?: number;
  /** A retry waits until then (its backoff). */
  not_before?: string;
}
