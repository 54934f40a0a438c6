import type { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ServiceConfig } from '../config/config';
import type { Ledger } from '../ledger/ledger';
import type { SlackCaller } from '../slack/slackClient';
import type { WorkspaceTokens } from '../workspaces/tokens';
import type { Clock } from './clock';
import type { Pacing } from './pacer';

export interface JobWorkerDeps {
  sqs: SQSClient;
  queues: { jobs: string; jobsDlq: string; callbacks: string };
  /** Slack, called with a workspace's token. */
  slackWith: SlackCaller;
  /** Each workspace's token, and whether Slack still takes it. */
  workspaces: WorkspaceTokens;
  ledger: Ledger;
  /** Kept for the life of the Lambda instance; its windows live in the ledger, shared by every instance. */
  pacer: Pacing;
  config: Pick<
    ServiceConfig,
    | 'jobRetryDelays'
    | 'jobMaxAttempts'
    | 'jobMaxReceives'
    | 'rateLimitFallbackSeconds'
    | 'rateLimitMaxWaitSeconds'
    | 'slackTimeoutMs'
    | 'pacingMaxSleepMs'
    | 'historyPageMax'
    | 'callbackAllowPrivate'
    | 'callbackAllowedPorts'
  >;
  logger: Logger;
  clock?: Clock;
  random?: () => number;
}

/** What became of one record: done (deleted), or back to the queue after `seconds`. */
export type RecordResult = { kind: 'done' } | { kind: 'defer'; seconds: number };

export const DONE: RecordResult = { kind: 'done' };
