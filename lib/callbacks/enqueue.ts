import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CallbackTarget } from '../ledger/callbackStore';
import type { CallbackMessage } from './types';

/**
 * Queues a callback. The message only names whose callback it is: the callback worker builds the
 * body from the ledger when it delivers, so what a receiver gets is what `GET /v1/jobs/{id}` shows,
 * and a result of any size fits.
 */
export const enqueueCallback = async (sqs: SQSClient, queueUrl: string, target: CallbackTarget): Promise<void> => {
  const message: CallbackMessage = { v: 2, kind: target.kind, id: target.id };
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(message) }));
};
