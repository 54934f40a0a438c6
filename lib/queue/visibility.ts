import { ChangeMessageVisibilityBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@aws-lambda-powertools/logger';
import { SQS_BATCH_MAX } from './sendBatch';

export interface VisibilityChange {
  receiptHandle: string;
  seconds: number;
}

/** SQS caps a message's visibility at 12 hours. */
export const MAX_VISIBILITY_SECONDS = 43_200;

/** Changes visibility for many messages, 10 a call, in the order given. */
export const changeVisibility = async (sqs: SQSClient, queueUrl: string, changes: VisibilityChange[]): Promise<void> => {
  for (let i = 0; i < changes.length; i += SQS_BATCH_MAX) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: changes.slice(i, i + SQS_BATCH_MAX).map((change, index) => ({
          Id: String(i + index),
          ReceiptHandle: change.receiptHandle,
          VisibilityTimeout: Math.min(MAX_VISIBILITY_SECONDS, Math.max(0, Math.ceil(change.seconds))),
        })),
      }),
    );
  }
};

/**
 * Sets the visibility of the messages a worker hands back. A failure is logged, not thrown: the
 * messages still come back when the queue's own visibility timeout ends.
 */
export const handBack = async (sqs: SQSClient, queueUrl: string, changes: VisibilityChange[], logger: Logger): Promise<void> => {
  if (changes.length === 0) return;
  try {
    await changeVisibility(sqs, queueUrl, changes);
  } catch (error) {
    logger.error('could not change message visibility', { error: error as Error });
  }
};
