import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Ledger } from '../ledger/ledger';

/** One `<workspace>:<method>` pacing group as the overview shows it (provided by the pacer's ledger stats). */
export interface GroupStat {
  group: string;
  workspace: string;
  method: string;
  limit_per_minute: number;
  allowance_per_minute: number;
  calls_last_minute: number;
  rate_limited_last_hour: number;
  paused_until?: string;
}

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
