import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { CallbackMessage, CallbackPayload } from './types';

/** SQS takes up to 1 MiB a message; keep a margin for attributes. */
export const CALLBACK_MESSAGE_MAX_BYTES = 1_000_000;

/** A result too large for the queue is replaced by a failure that says so, rather than lost. */
const fitToQueue = (message: CallbackMessage): string => {
  const body = JSON.stringify(message);
  if (Buffer.byteLength(body) <= CALLBACK_MESSAGE_MAX_BYTES) return body;
  const { result: _result, ...rest } = message.payload;
  const payload: CallbackPayload = {
    ...rest,
    status: 'failed',
    error: {
      code: 'result_too_large',
      message: 'Slack result is too large for one callback; use paginate with a smaller max_items',
      retryable: false,
    },
  };
  return JSON.stringify({ ...message, payload });
};

export const enqueueCallback = async (sqs: SQSClient, queueUrl: string, message: CallbackMessage): Promise<void> => {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: fitToQueue(message) }));
};
