import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from './client';
import { epochSeconds, type LedgerContext } from './context';
import { idempotencyKey } from './table';

export type ClaimResult = { kind: 'claimed' } | { kind: 'taken'; job_id: string; request_hash: string; created_at: string };

/** Idempotency keys: a key names one job (and one request) for `idempotencyTtlSeconds`. */
export const createIdempotencyStore = (ctx: LedgerContext) => ({
  /** Claims a key for a job, unless a live claim exists: then that claim is returned. */
  claim: async (workspace: string, key: string, jobId: string, requestHash: string): Promise<ClaimResult> => {
    const now = ctx.now();
    for (let tries = 0; tries < 3; tries += 1) {
      const claimed = await writeIf(
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.table,
            Item: { ...idempotencyKey(workspace, key), job_id: jobId, request_hash: requestHash, created_at: now.toISOString(), expires_at: epochSeconds(now) + ctx.idempotencyTtlSeconds },
            // DynamoDB removes expired items lazily: an expired claim is free to take.
            ConditionExpression: 'attribute_not_exists(pk) OR expires_at < :now',
            ExpressionAttributeValues: { ':now': epochSeconds(now) },
          }),
        ),
      );
      if (claimed) return { kind: 'claimed' };
      const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: idempotencyKey(workspace, key), ConsistentRead: true }));
      // Released between the two calls: try to claim it again.
      if (output.Item) return { kind: 'taken', job_id: String(output.Item.job_id), request_hash: String(output.Item.request_hash), created_at: String(output.Item.created_at) };
    }
    throw new Error('idempotency key is contended');
  },

  /** Gives a key back when its job was never queued. */
  release: async (workspace: string, key: string, jobId: string): Promise<void> => {
    // Only its own claim: a key another job holds by now stays.
    await writeIf(
      ctx.doc.send(
        new DeleteCommand({ TableName: ctx.table, Key: idempotencyKey(workspace, key), ConditionExpression: 'job_id = :job', ExpressionAttributeValues: { ':job': jobId } }),
      ),
    );
  },
});

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
