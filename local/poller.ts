import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SQS_BATCH_MAX } from '../lib/queue/sendBatch';
import { lambdaContext } from './lambdaContext';

export type SqsHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  functionName: string;
  handler: SqsHandler;
  batchSize: number;
  /** Concurrent invocations, like the event source mapping's maximumConcurrency. */
  concurrency: number;
  timeoutMs: number;
  waitTimeSeconds?: number;
  onError?: (error: unknown) => void;
}

export interface Poller {
  /** Stops receiving, lets the batches in hand end (given no time for new calls), waiting at most `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
}

const toRecord = (message: Message, queueArn: string): SQSRecord => {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(a.MessageGroupId && { MessageGroupId: a.MessageGroupId }),
      ...(a.MessageDeduplicationId && { MessageDeduplicationId: a.MessageDeduplicationId }),
      ...(a.SequenceNumber && { SequenceNumber: a.SequenceNumber }),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [
        key,
        { dataType: value.DataType ?? 'String', stringValue: value.StringValue },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
};

/**
 * Lambda's SQS event source mapping, for one machine: long-polls, invokes the handler with a
 * batch, deletes what succeeded and leaves `batchItemFailures` (or the whole batch, if the handler
 * throws or names an unknown item) to the queue's visibility timeout and redrive policy.
 */
export const startPoller = (options: PollerOptions): Poller => {
  let running = true;
  const abort = new AbortController();

  const deleteSucceeded = async (records: SQSRecord[]) => {
    for (let i = 0; i < records.length; i += SQS_BATCH_MAX) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: records.slice(i, i + SQS_BATCH_MAX).map((r, index) => ({ Id: String(index), ReceiptHandle: r.receiptHandle })),
        }),
      );
    }
  };

  const invoke = async (records: SQSRecord[]) => {
    let response: SQSBatchResponse | undefined;
    try {
      response = await options.handler({ Records: records }, lambdaContext(options.functionName, options.timeoutMs, () => !running));
    } catch (error) {
      options.onError?.(error);
      return; // The whole batch comes back after the visibility timeout, as on Lambda.
    }
    const failures = response?.batchItemFailures ?? [];
    const known = new Set(records.map((r) => r.messageId));
    if (failures.some((f) => !f.itemIdentifier || !known.has(f.itemIdentifier))) return;
    const failed = new Set(failures.map((f) => f.itemIdentifier));
    await deleteSucceeded(records.filter((r) => !failed.has(r.messageId)));
  };

  const loop = async () => {
    while (running) {
      try {
        const received = await options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: options.batchSize,
            WaitTimeSeconds: options.waitTimeSeconds ?? 1,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: abort.signal },
        );
        const records = (received.Messages ?? []).map((m) => toRecord(m, options.queueArn));
        if (records.length > 0) await invoke(records);
      } catch (error) {
        if (!running) return;
        options.onError?.(error);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  };

  const loops = Array.from({ length: options.concurrency }, () => loop());
  return {
    stop: async (graceMs = 30_000) => {
      running = false;
      abort.abort();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([Promise.allSettled(loops), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    },
  };
};
