import type { GroupStat } from '../lib/ledger/groupStat';
import type { DlqMessageView } from '../lib/ops/dlqView';

export type { GroupStat };
/** The shapes the dashboard reads (see README, HTTP API). */
export interface CallbackView {
  url: string;
  status: string;
  attempts: number;
  last_status?: number;
  last_error?: string;
  delivered_at?: string;
}

export interface JobView {
  job_id: string;
  method: string;
  status: string;
  attempts: number;
  workspace?: string;
  args?: Record<string, unknown>;
  result?: unknown;
  error?: { code: string; message: string; retryable?: boolean };
  last_error?: { code: string; message: string };
  already_done?: string;
  idempotency_key?: string;
  batch_id?: string;
  enqueued_at: string;
  started_at?: string;
  completed_at?: string;
  progress?: Record<string, unknown>;
  callback?: CallbackView;
}

export interface BatchView {
  batch_id: string;
  workspace?: string;
  total: number;
  counts: { queued: number; running: number; succeeded: number; failed: number; cancelled: number };
  done: boolean;
  created_at: string;
  completed_at?: string;
  eta_seconds?: number;
  callback?: CallbackView;
}

export interface QueueDepth {
  visible: number;
  in_flight: number;
  dlq: number;
}

export interface Overview {
  queues?: { jobs: QueueDepth; callbacks: QueueDepth; oldest_open_job_at?: string };
  jobs: { queued: number; running: number; truncated?: boolean };
  groups: GroupStat[];
  groups_unavailable?: boolean;
  generated_at: string;
}

/** A dead letter as `GET /v1/dlq/{queue}` lists it. */
export type DeadLetter = DlqMessageView;
