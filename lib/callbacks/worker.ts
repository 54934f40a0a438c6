import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { deliverCallback } from './deliver';
import { signPayload } from './sign';
import type { CallbackMessage } from './types';
import type { ServiceConfig } from '../config/config';
import { toBatchCallbackPayload, toJobCallbackPayload } from '../jobs/views';
import type { CallbackTarget, DeliveryRecord } from '../ledger/callbackStore';
import type { Ledger } from '../ledger/ledger';
import { handBack, type VisibilityChange } from '../queue/visibility';
import { backoffSeconds } from '../queue/backoff';
import { receiveCount } from '../queue/records';

export interface CallbackWorkerDeps {
  sqs: SQSClient;
  queues: { callbacks: string; callbacksDlq: string };
  ledger: Ledger;
  signingSecrets: () => Promise<readonly string[]>;
  config: Pick<ServiceConfig, 'callbackRetryDelays' | 'callbackTimeoutMs' | 'callbackAllowPrivate' | 'callbackAllowedPorts'>;
  logger: Logger;
  now?: () => Date;
  random?: () => number;
}

type RecordResult = { kind: 'done' } | { kind: 'retry'; seconds: number };

const parseCallbackMessage = (body: string): CallbackMessage | undefined => {
  try {
    const message = JSON.parse(body) as CallbackMessage;
    return message?.v === 2 && (message.kind === 'job' || message.kind === 'batch') && typeof message.id === 'string' ? message : undefined;
  } catch {
    return undefined;
  }
};

/** The URL and body of a callback still owed, from the ledger; undefined when nothing is owed. */
const loadCallback = async (target: CallbackTarget, ledger: Ledger): Promise<{ url: string; payload: unknown } | undefined> => {
  if (target.kind === 'job') {
    const job = await ledger.jobs.get(target.id);
    if (!job || job.callback_url === undefined || job.callback_status !== 'pending') return undefined;
    return { url: job.callback_url, payload: toJobCallbackPayload(job) };
  }
  const batch = await ledger.batches.get(target.id);
  if (!batch || batch.batch_callback_url === undefined || batch.callback_status !== 'pending' || batch.completed_at === undefined) return undefined;
  return { url: batch.batch_callback_url, payload: toBatchCallbackPayload(batch) };
};

/** Keeps an undeliverable callback in the DLQ, with why, and logs it: it is never silently dropped. */
const deadLetter = async (record: SQSRecord, reason: string, deps: CallbackWorkerDeps, target?: CallbackTarget) => {
  deps.logger.error('callback moved to the DLQ', { kind: target?.kind, id: target?.id, messageId: record.messageId, reason, attempts: receiveCount(record) });
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
  const target: CallbackTarget = { kind: message.kind, id: message.id };
  const owed = await loadCallback(target, deps.ledger);
  if (!owed) {
    deps.logger.info('callback no longer owed (delivered, given up, or expired): dropped', { ...target });
    return { kind: 'done' };
  }
  const attempt = receiveCount(record);
  const body = JSON.stringify(owed.payload);
  const now = (deps.now ?? (() => new Date()))();
  const result = await deliverCallback({
    url: owed.url,
    body,
    headers: { ...signPayload(await deps.signingSecrets(), target.id, body, now) },
    timeoutMs: deps.config.callbackTimeoutMs,
    policy: { allowPrivate: deps.config.callbackAllowPrivate, allowedPorts: deps.config.callbackAllowedPorts },
  });
  const log = { kind: target.kind, id: target.id, attempt };
  const track = (delivery: DeliveryRecord) => deps.ledger.callbacks.recordDelivery(target, delivery);
  switch (result.kind) {
    case 'delivered':
      await track({ kind: 'delivered', status: result.status });
      deps.logger.info('callback delivered', { ...log, status: result.status });
      return { kind: 'done' };
    case 'gone':
      await track({ kind: 'failed', status: result.status, error: 'receiver answered 410 Gone' });
      deps.logger.warn('callback receiver answered 410 Gone: no more attempts', log);
      return { kind: 'done' };
    case 'refused':
      await deadLetter(record, result.reason, deps, target);
      await track({ kind: 'failed', error: result.reason });
      return { kind: 'done' };
    case 'retry': {
      const delays = deps.config.callbackRetryDelays;
      if (attempt > delays.length) {
        const reason = `gave up after ${attempt} attempts: ${result.reason}`;
        await deadLetter(record, reason, deps, target);
        await track({ kind: 'failed', status: result.status, error: reason });
        return { kind: 'done' };
      }
      await track({ kind: 'retry', status: result.status, error: result.reason });
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
