import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Ledger } from '../ledger/ledger';
import type { GroupStat } from '../ledger/pacingStore';

/** One `<workspace>:<method>` pacing group as the overview shows it: the pacer's own view of its window. */
export type { GroupStat };

/** The two queues an operator watches; each has a dead-letter queue. */
export type QueueName = 'jobs' | 'callbacks';
export const QUEUE_NAMES: readonly QueueName[] = ['jobs', 'callbacks'];

/** What the operator API is built from: the API's own clients plus optional extras. */
export interface OpsDeps {
  sqs: SQSClient;
  ledger: Ledger;
  /** The jobs queue. */
  queueUrl: string;
  callbacksQueueUrl: string;
  /** Paced calls per minute of a method, for batch ETAs. */
  callsPerMinute: (method: string) => number;
  /** The DLQs; when absent, each is read from its queue's RedrivePolicy (same account and region). */
  jobsDlqUrl?: string;
  callbacksDlqUrl?: string;
  /** Per-group pacing figures; the overview shows none without it. */
  groupStats?: () => Promise<GroupStat[]>;
  now?: () => Date;
}
