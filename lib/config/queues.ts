import definitions from '../../infra/queues.json';

/** Queue and event-source settings shared by serverless.yml and the local stack (infra/queues.json). */
export interface QueueDefinition {
  name: string;
  fifo: boolean;
  functionTimeoutSeconds: number;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  batchSize: number;
  maximumConcurrency: number;
  retentionSeconds: number;
}

export const QUEUES: { jobs: QueueDefinition; callbacks: QueueDefinition } = definitions;
