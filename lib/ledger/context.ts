import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** What every ledger store needs: the client, the table, the clock and how long records are kept. */
export interface LedgerContext {
  doc: DynamoDBDocumentClient;
  table: string;
  now: () => Date;
  /** Ended jobs and batches are kept this long (DynamoDB TTL). */
  retentionSeconds: number;
  /** Idempotency keys are remembered this long. */
  idempotencyTtlSeconds: number;
}

/** A job still in the queues is kept at least as long as the queue keeps its message (14 days). */
export const QUEUE_RETENTION_SECONDS = 14 * 24 * 3600;

export const epochSeconds = (date: Date): number => Math.floor(date.getTime() / 1000);

/** True for an item whose TTL has passed: DynamoDB deletes those lazily, so reads skip them. */
export const isExpired = (item: { expires_at?: number } | undefined, now: Date): boolean =>
  item?.expires_at !== undefined && item.expires_at < epochSeconds(now);

const BATCH_WRITE_MAX = 25;
// One call at a time: the jobs being run share the store, and a long train of writes would hold them up.
const PARALLEL_WRITES = 1;
const WRITE_ROUNDS = 5;

export class LedgerWriteError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerWriteError';
  }
}

/** Writes items with BatchWriteItem, 25 a call, a few calls at once, retrying what DynamoDB leaves unprocessed. */
export const putItems = async (ctx: LedgerContext, items: Record<string, unknown>[]): Promise<void> => {
  const chunks: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) chunks.push(items.slice(i, i + BATCH_WRITE_MAX));
  const writeChunk = async (chunk: Record<string, unknown>[]) => {
    let pending = chunk.map((Item) => ({ PutRequest: { Item } }));
    for (let round = 0; round < WRITE_ROUNDS && pending.length > 0; round += 1) {
      if (round > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** round));
      const output = await ctx.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.table]: pending } }));
      pending = (output.UnprocessedItems?.[ctx.table] ?? []) as typeof pending;
    }
    if (pending.length > 0) throw new LedgerWriteError(`${pending.length} ledger writes were not processed`);
  };
  for (let i = 0; i < chunks.length; i += PARALLEL_WRITES) {
    await Promise.all(chunks.slice(i, i + PARALLEL_WRITES).map(writeChunk));
  }
};

/** Every item a query matches, page after page, each with the key a page would resume from. */
export async function* queryAll(ctx: LedgerContext, input: Omit<QueryCommandInput, 'TableName'>) {
  let startKey = input.ExclusiveStartKey;
  do {
    const output = await ctx.doc.send(new QueryCommand({ ...input, TableName: ctx.table, ExclusiveStartKey: startKey }));
    yield* output.Items ?? [];
    startKey = output.LastEvaluatedKey;
  } while (startKey);
}

/**
 * What every new job or batch record starts with: its callback not yet owed or none, the open
 * work it owes (what a restart resumes), and a TTL long enough for the queue to keep its message.
 */
export const newRecordFields = (ctx: LedgerContext, record: { callbackUrl?: string; open: 'job' | 'batch'; openAt: string }) => ({
  callback_status: record.callbackUrl === undefined ? 'none' : 'pending',
  callback_attempts: 0,
  open: record.open,
  open_at: record.openAt,
  expires_at: epochSeconds(ctx.now()) + ctx.retentionSeconds + QUEUE_RETENTION_SECONDS,
});
