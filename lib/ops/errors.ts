import { JobsDomainError } from '../jobs/errors';

export class QueueNotFoundError extends JobsDomainError {
  constructor(queue: string, options?: { cause?: unknown }) {
    super('queue_not_found', `No queue ${queue}: use jobs or callbacks`, undefined, options);
  }
}

export class DlqMessageNotFoundError extends JobsDomainError {
  constructor(messageId: string, options?: { cause?: unknown }) {
    super('dlq_message_not_found', `No message ${messageId} in the dead-letter queue (it may be in flight: try again in a few seconds)`, undefined, options);
  }
}

/** The ledger has no `recent` index (a local data directory made before it existed). */
export class ListingUnavailableError extends JobsDomainError {
  constructor(options?: { cause?: unknown }) {
    super('listing_unavailable', 'The ledger has no listing index yet: restart the stack after `npm run reset`, or update the table', undefined, options);
  }
}
