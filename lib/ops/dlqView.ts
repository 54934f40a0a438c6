/**
 * A dead letter as the operator API shows it. A module of its own, with no imports, so the
 * dashboard (ui/, a browser bundle) types its data with the same definition.
 */
export interface DlqMessageView {
  message_id: string;
  /** `job`: a job message; `job_callback` / `batch_callback`: whose callback; `unreadable`: neither. */
  kind: 'job' | 'job_callback' | 'batch_callback' | 'unreadable';
  job_id?: string;
  batch_id?: string;
  workspace?: string;
  method?: string;
  /** Why it was dead-lettered (the worker's `reason` attribute); absent when SQS moved it after too many receives. */
  reason?: string;
  sent_at: string;
  /** Receives so far, the operator API's own peeks included. */
  receive_count: number;
  body_excerpt: string;
}
