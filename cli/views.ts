/** The API's answers the CLI reads (only the fields it uses are typed). */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export const ENDED_STATUSES: readonly string[] = ['succeeded', 'failed', 'cancelled'];

export interface JobError {
  code?: string;
  message?: string;
}

export interface JobView {
  job_id: string;
  method: string;
  status: JobStatus;
  attempts?: number;
  args?: unknown;
  result?: unknown;
  error?: JobError;
  last_error?: JobError;
  already_done?: string;
  idempotency_key?: string;
  batch_id?: string;
  enqueued_at?: string;
  completed_at?: string;
  callback?: { url: string; status: string; attempts?: number; last_error?: string };
  duplicate?: boolean;
}

export interface BatchCounts {
  queued: number;
  running: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface BatchView {
  batch_id: string;
  total: number;
  counts: BatchCounts;
  done: boolean;
  created_at?: string;
  completed_at?: string;
  eta_seconds?: number;
}

export interface BatchJobsPage {
  jobs: { job_id: string; method: string; status: JobStatus; error?: JobError; idempotency_key?: string }[];
  next_cursor?: string;
}

export interface SubmittedBatch {
  batch_id: string;
  jobs: { job_id: string; status: JobStatus; duplicate?: boolean }[];
}

export interface SweepView {
  sweep_id: string;
  status: 'listing' | 'running' | 'done' | 'cancelled';
  action: string;
  scanned: number;
  matched: number;
  batch_id: string;
  dry_run: boolean;
  matches?: { id: string; name: string }[];
}
