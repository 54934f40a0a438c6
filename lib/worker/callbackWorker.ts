import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deliverCallback } from '../callbacks/deliver';
import { signPayload } from '../callbacks/sign';
import type { CallbackMessage } from '../callbacks/types';
import type { ServiceConfig } from '../config/config';
import { handBack, type VisibilityChange } from '../queue/visibility';
import { backoffSeconds } from './backoff';
import { receiveCount } from './records';

export interface CallbackWorkerDeps {
  sqs: SQSClient;
  queues: { callbacks: string; callbacksDlq: string };
  signingSecrets: () => Promise<readonly string[]>;
  config: Pick<ServiceConfig, 'callbackRetryDelays' | 'callbackTimeoutMs' | 'callbackAllowPrivate'>;
  logger: Logger;
  now?: () => Date;
  random?: () => number;
}

type RecordResult = { kind: 'done' } | { kind: 'retry'; seconds: number };

const parseCallbackMessage = (body: string): CallbackMessage | undefined => {
  try {
    const message = JSON.parse(body) as CallbackMessage;
    return message?.v === 1 && typeof message.job_id === 'string' && typeof message.callback_url === 'string' && message.payload
      ? message
      : undefined;
  } catch {
    return undefined;
  }
};

/** Keeps an undeliverable callback in the DLQ, with why, and logs it: it is never silently dropped. */
const deadLetter = async (record: SQSRecord, reason: string, deps: CallbackWorkerDeps, jobId?: string) => {
  deps.logger.error('callback moved to the DLQ', { job_id: jobId, messageId: record.messageId, reason, attempts: receiveCount(record) });
  await deps.sqs.send(
    new SendMessageCommand({
      QueueUrl: deps.queues.callbacksDlq,
      MessageBody: record.body,
      MessageAttributes: { reason: { DataType: 'String', StringValue: reason.slice(0, 256) } },
    }),
  );
};

const processRecord = async (record: SQSRecord, deps: CallbackWorkerDeps): Promise<RecordResult> => {
  const message = parseCallbackMessage(record.body);
  if (!message) {
    await deadLetter(record, 'message is not a callback', deps);
    return { kind: 'done' };
  }
  const attempt = receiveCount(record);
  const body = JSON.stringify(message.payload);
  const now = (deps.now ?? (() => new Date()))();
  const result = await deliverCallback({
    url: message.callback_url,
    body,
    headers: { ...signPayload(await deps.signingSecrets(), message.job_id, body, now) },
    timeoutMs: deps.config.callbackTimeoutMs,
    policy: { allowPrivate: deps.config.callbackAllowPrivate },
  });
  const log = { job_id: message.job_id, attempt };
  switch (result.kind) {
    case 'delivered':
      deps.logger.info('callback delivered', { ...log, status: result.status });
      return { kind: 'done' };
    case 'gone':
      deps.logger.warn('callback receiver answered 410 Gone: no more attempts', log);
      return { kind: 'done' };
    case 'refused':
      await deadLetter(record, result.reason, deps, message.job_id);
      return { kind: 'done' };
    case 'retry': {
      const delays = deps.config.callbackRetryDelays;
      if (attempt > delays.length) {
        await deadLetter(record, `gave up after ${attempt} attempts: ${result.reason}`, deps, message.job_id);
        return { kind: 'done' };
      }
      const seconds = backoffSeconds(attempt, delays, deps.random);
      deps.logger.warn('callback delivery failed, will retry', { ...log, reason: result.reason, retry_in: seconds });
      return { kind: 'retry', seconds };
    }
  }
};

/** Delivers a batch of callbacks side by side; failed ones come back after their retry delay. */
export const processCallbackBatch = async (event: SQSEvent, deps: CallbackWorkerDeps): Promise<SQSBatchResponse> => {
  const changes: VisibilityChange[] = [];
  const failed: string[] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      let result: RecordResult;
      try {
        result = await processRecord(record, deps);
      } catch (error) {
        deps.logger.error('callback handling failed', { messageId: record.messageId, error: error as Error });
        result = { kind: 'retry', seconds: 5 };
      }
      if (result.kind === 'retry') {
        failed.push(record.messageId);
        changes.push({ receiptHandle: record.receiptHandle, seconds: result.seconds });
      }
    }),
  );
  await handBack(deps.sqs, deps.queues.callbacks, changes, deps.logger);
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
};
