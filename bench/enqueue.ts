import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../lib/queue/sqsClient';
import { startStack } from '../local/stack';
import { withDataDir } from './dataDir';

export interface LatencyFigures {
  requests: number;
  p50Ms: number;
  p99Ms: number;
  jobsPerSecond: number;
}

export interface EnqueueResult {
  single: LatencyFigures;
  batch100: LatencyFigures;
  batch1000: LatencyFigures;
  rawSendMessageBatch: { calls: number; messagesPerSecond: number };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs `count` tasks, `concurrency` at a time, timing each. */
const timed = async (count: number, concurrency: number, task: (i: number) => Promise<void>) => {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { latencies, seconds };
};

/**
 * The enqueue path alone (validation, the ledger on disk, SQS): the API with its workers stopped,
 * next to raw SendMessageBatch on the same emulator.
 */
export const runEnqueue = (): Promise<EnqueueResult> => withDataDir(measure);

const measure = async (dataDir: string): Promise<EnqueueResult> => {
  const stack = await startStack({ workers: false, dataDir, env: { LOG_LEVEL: 'ERROR' } });
  const key = String(stack.env.API_KEYS).split(',')[0];
  const job = (i: number) => ({ method: 'conversations.info', args: { channel: 'C01GENERAL' }, callback_url: 'http://127.0.0.1:9/cb', idempotency_key: `bench-${i}-${Math.random()}` });
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 202) throw new Error(`enqueue failed: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
  };
  try {
    for (let i = 0; i < 50; i += 1) await post('/v1/jobs', job(i)); // warm-up
    const singles = await timed(2_000, 10, (i) => post('/v1/jobs', job(i)));
    const batches = await timed(100, 4, (b) => post('/v1/jobs/batch', { jobs: Array.from({ length: 100 }, (_, i) => job(b * 100 + i)) }));
    const bigBatches = await timed(10, 1, (b) => post('/v1/jobs/batch', { jobs: Array.from({ length: 1000 }, (_, i) => job(b * 1000 + i)) }));

    const sqs = createSqsClient({ region: 'us-east-1', sqsEndpoint: stack.sqs.endpoint });
    const body = JSON.stringify({ v: 1, job_id: 'x', workspace: 'default', enqueued_at: new Date().toISOString(), ...job(0) });
    const raw = await timed(1_000, 10, async (c) => {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: stack.sqs.queues.jobs,
          Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: body, MessageGroupId: 'default:conversations.info', MessageDeduplicationId: `raw-${c}-${i}` })),
        }),
      );
    });
    sqs.destroy();
    const figures = (t: { latencies: number[]; seconds: number }, jobsPerRequest: number): LatencyFigures => ({
      requests: t.latencies.length,
      p50Ms: percentile(t.latencies, 50),
      p99Ms: percentile(t.latencies, 99),
      jobsPerSecond: (t.latencies.length * jobsPerRequest) / t.seconds,
    });
    return {
      single: figures(singles, 1),
      batch100: figures(batches, 100),
      batch1000: figures(bigBatches, 1000),
      rawSendMessageBatch: { calls: raw.latencies.length, messagesPerSecond: (raw.latencies.length * 10) / raw.seconds },
    };
  } finally {
    await stack.stop();
  }
};
