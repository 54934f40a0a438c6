import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { QUEUES, type QueueDefinition } from '../lib/config/queues';

export interface QueueUrls {
  jobs: string;
  jobsDlq: string;
  callbacks: string;
  callbacksDlq: string;
}

export interface LocalSqs {
  endpoint: string;
  server: FauxqsServer;
  queues: QueueUrls;
  stop: () => Promise<void>;
}

/** A queue and its DLQ with redrive, as serverless.yml declares them. */
const createQueuePair = (server: FauxqsServer, definition: QueueDefinition, prefix: string) => {
  const suffix = definition.fifo ? '.fifo' : '';
  const fifo: Record<string, string> = definition.fifo ? { FifoQueue: 'true', ContentBasedDeduplication: 'false' } : {};
  const dlq = server.createQueue(`${prefix}${definition.name}-dlq${suffix}`, {
    attributes: { ...fifo, MessageRetentionPeriod: String(definition.retentionSeconds) },
  });
  const queue = server.createQueue(`${prefix}${definition.name}${suffix}`, {
    attributes: {
      ...fifo,
      VisibilityTimeout: String(definition.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(definition.retentionSeconds),
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.queueArn, maxReceiveCount: definition.maxReceiveCount }),
    },
  });
  return { queue: queue.queueUrl, dlq: dlq.queueUrl };
};

/** The SQS emulator, in this process, with the service's queues. */
export const startLocalSqs = async (options: { port?: number; prefix?: string; spy?: boolean } = {}): Promise<LocalSqs> => {
  const server = await startFauxqs({
    port: options.port ?? 0,
    logger: false,
    host: 'localhost',
    // Tests read every message that crossed the queues (e.g. to prove no secret ever did).
    ...(options.spy && { messageSpies: { bufferSize: 100_000 } }),
  });
  const prefix = options.prefix ?? 'slack-conversations-queue-local-';
  const jobs = createQueuePair(server, QUEUES.jobs, prefix);
  const callbacks = createQueuePair(server, QUEUES.callbacks, prefix);
  return {
    endpoint: server.address,
    server,
    queues: { jobs: jobs.queue, jobsDlq: jobs.dlq, callbacks: callbacks.queue, callbacksDlq: callbacks.dlq },
    stop: () => server.stop(),
  };
};
