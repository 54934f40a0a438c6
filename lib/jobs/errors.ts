/** Where in the request a problem is (`jobs[3].args.name`) and what it is. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * An error a caller can act on, named by a stable `code`. The domain throws these; lib/http is the
 * one place that turns them into HTTP statuses.
 */
export class JobsDomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class InvalidRequestError extends JobsDomainError {
  constructor(message: string, details: ErrorDetail[], options?: { cause?: unknown }) {
    super('validation_failed', message, details, options);
  }
}

export class EnqueueFailedError extends JobsDomainError {
  constructor(message: string, details?: ErrorDetail[], options?: { cause?: unknown }) {
    super('enqueue_failed', message, details, options);
  }
}

export class JobNotFoundError extends JobsDomainError {
  constructor(jobId: string) {
    super('job_not_found', `No job ${jobId}`);
  }
}

export class BatchNotFoundError extends JobsDomainError {
  constructor(batchId: string) {
    super('batch_not_found', `No batch ${batchId}`);
  }
}

export class JobNotCancellableError extends JobsDomainError {
  constructor(jobId: string, status: string) {
    super('job_not_cancellable', `Job ${jobId} is ${status}: only a queued job can be cancelled`);
  }
}

export class CallbackNotRedeliverableError extends JobsDomainError {
  constructor(jobId: string, why: string) {
    super('callback_not_redeliverable', `The callback of job ${jobId} cannot be redelivered: ${why}`);
  }
}

export class IdempotencyConflictError extends JobsDomainError {
  constructor(details: ErrorDetail[]) {
    super('idempotency_conflict', 'The idempotency key was used for a different request', details);
  }
}
