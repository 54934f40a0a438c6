import { SendMessageBatchCommand, type SendMessageBatchRequestEntry, type SQSClient } from '@aws-sdk/client-sqs';

export const SQS_BATCH_MAX = 10;
const RETRY_ROUNDS = 3;
const PARALLEL_CALLS = 8;

export interface BatchSendFailure {
  index: number;
  code: string;
  message: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends one SendMessageBatch and returns the indexes (into `entries`) that failed, with why. */
const sendChunk = async (
  sqs: SQSClient,
  queueUrl: string,
  entries: { index: number; entry: Omit<SendMessageBatchRequestEntry, 'Id'> }[],
): Promise<BatchSendFailure[]> => {
  try {
    const output = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: entries.map(({ index, entry }) => ({ ...entry, Id: String(index) })),
      }),
    );
    return (output.Failed ?? []).map((failure) => ({
      index: Number(failure.Id),
      code: failure.Code ?? 'unknown',
      message: failure.Message ?? 'SendMessageBatch entry failed',
    }));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return entries.map(({ index }) => ({ index, code: 'send_failed', message }));
  }
};

/**
 * Sends messages with SendMessageBatch, 10 a call, several calls at once, and retries the
 * entries that failed. Returns what still failed after the last round, by index.
 */
export const sendMessages = async (
  sqs: SQSClient,
  queueUrl: string,
  messages: Omit<SendMessageBatchRequestEntry, 'Id'>[],
): Promise<BatchSendFailure[]> => {
  let pending = messages.map((entry, index) => ({ index, entry }));
  let failures: BatchSendFailure[] = [];
  for (let round = 0; round < RETRY_ROUNDS && pending.length > 0; round += 1) {
    if (round > 0) await sleep(100 * 2 ** round);
    const chunks: (typeof pending)[] = [];
    for (let i = 0; i < pending.length; i += SQS_BATCH_MAX) chunks.push(pending.slice(i, i + SQS_BATCH_MAX));
    failures = [];
    for (let i = 0; i < chunks.length; i += PARALLEL_CALLS) {
      const results = await Promise.all(chunks.slice(i, i + PARALLEL_CALLS).map((chunk) => sendChunk(sqs, queueUrl, chunk)));
      failures.push(...results.flat());
    }
    const failed = new Set(failures.map((failure) => failure.index));
    pending = pending.filter(({ index }) => failed.has(index));
  }
  return failures.sort((a, b) => a.index - b.index);
};
