import type { SlackResponse } from '../slack/outcome';

export interface CallbackError {
  code: string;
  message: string;
  retryable: boolean;
}

/** The JSON body POSTed to a job's callback URL. */
export interface CallbackPayload {
  job_id: string;
  method: string;
  status: 'succeeded' | 'failed';
  attempts: number;
  result?: SlackResponse;
  error?: CallbackError;
  /** Set when Slack said the requested state already held (e.g. `already_in_channel`). */
  already_done?: string;
  idempotency_key?: string;
  enqueued_at: string;
  completed_at: string;
}

/** The body of a message on the callbacks queue. Holds no secret: signing happens at send time. */
export interface CallbackMessage {
  v: 1;
  job_id: string;
  callback_url: string;
  payload: CallbackPayload;
}
