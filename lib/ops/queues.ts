import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueueNotFoundError } from './errors';
import { QUEUE_NAMES, type OpsDeps, type QueueName } from './types';

export interface QueueDepth {
  visible: number;
  in_flight: number;
  dlq: number;
}

export class DlqUnknownError extends Error {
  constructor(queueUrl: string, options?: { cause?: unknown }) {
    super(`Queue ${queueUrl} has no RedrivePolicy naming a dead-letter queue`, options);
    this.name = 'DlqUnknownError';
  }
}

/** The queue named by a path parameter, or QueueNotFoundError. */
export const queueNamed = (name: string): QueueName => {
  if (!(QUEUE_NAMES as readonly string[]).includes(name)) throw new QueueNotFoundError(name);
  return name as QueueName;
};

const attributes = async (sqs: SQSClient, url: string, names: ('ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible' | 'RedrivePolicy')[]) =>
  (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: names }))).Attributes ?? {};

/**
 * Where each queue and its DLQ are. A DLQ not given is the one the queue's RedrivePolicy names:
 * SQS keeps a DLQ in the queue's account and region, so its URL is the queue's with the DLQ's
 * name (the API needs no more configuration than it has). Looked up once per instance.
 */
export const createQueueDirectory = (deps: Pick<OpsDeps, 'sqs' | 'queueUrl' | 'callbacksQueueUrl' | 'jobsDlqUrl' | 'callbacksDlqUrl'>) => {
  const source = (queue: QueueName) => (queue === 'jobs' ? deps.queueUrl : deps.callbacksQueueUrl);
  const known = new Map<QueueName, string>();
  const given = { jobs: deps.jobsDlqUrl, callbacks: deps.callbacksDlqUrl };

  const dlq = async (queue: QueueName): Promise<string> => {
    const cached = given[queue] ?? known.get(queue);
    if (cached !== undefined) return cached;
    const url = source(queue);
    let arn: unknown;
    try {
      arn = JSON.parse((await attributes(deps.sqs, url, ['RedrivePolicy'])).RedrivePolicy ?? '{}').deadLetterTargetArn;
    } catch (error) {
      throw new DlqUnknownError(url, { cause: error });
    }
    if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw new DlqUnknownError(url);
    const dlqUrl = url.replace(/[^/]+$/, arn.split(':').pop() ?? '');
    known.set(queue, dlqUrl);
    return dlqUrl;
  };

  /** Messages waiting, messages in flight (held by a worker), and the DLQ's messages (in flight ones too). */
  const depth = async (queue: QueueName): Promise<QueueDepth> => {
    const names = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] as const;
    const [main, dead] = await Promise.all([attributes(deps.sqs, source(queue), [...names]), dlq(queue).then((url) => attributes(deps.sqs, url, [...names]))]);
    const count = (value: string | undefined) => Number(value ?? 0);
    return {
      visible: count(main.ApproximateNumberOfMessages),
      in_flight: count(main.ApproximateNumberOfMessagesNotVisible),
      dlq: count(dead.ApproximateNumberOfMessages) + count(dead.ApproximateNumberOfMessagesNotVisible),
    };
  };

  return { source, dlq, depth };
};

export type QueueDirectory = ReturnType<typeof createQueueDirectory>;
