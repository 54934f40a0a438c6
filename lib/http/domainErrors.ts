import type { JobsDomainError } from '../jobs/errors';

/** The one place where domain error codes become HTTP statuses. */
const STATUS_BY_CODE: Record<string, number> = {
  validation_failed: 400,
  job_not_found: 404,
  batch_not_found: 404,
  sweep_not_found: 404,
  queue_not_found: 404,
  dlq_message_not_found: 404,
  workspace_not_found: 404,
  job_not_cancellable: 409,
  callback_not_redeliverable: 409,
  idempotency_conflict: 409,
  workspace_disabled: 409,
  workspace_is_default: 409,
  workspace_forbidden: 403,
  forbidden: 403,
  enqueue_failed: 503,
  listing_unavailable: 503,
  slack_unavailable: 503,
  default_workspace_unavailable: 503,
};

export const statusForDomainError = (error: JobsDomainError): number => STATUS_BY_CODE[error.code] ?? 500;
