import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { epochSeconds, isExpired, type LedgerContext, QUEUE_RETENTION_SECONDS } from './context';
import { sweepKey } from './table';

export type SweepStatus = 'listing' | 'running' | 'done' | 'cancelled';

/** A sweep: what to do to which conversations, and how far its listing got (so a restart resumes it). */
export interface SweepRecord {
  sweep_id: string;
  batch_id: string;
  workspace: string;
  action: string;
  select: Record<string, unknown>;
  args: Record<string, unknown>;
  dry_run: boolean;
  callback_url?: string;
  /** Where the listing goes on from (Slack's next_cursor); '' before the first page. */
  cursor: string;
  listed: boolean;
  cancelled: boolean;
  scanned: number;
  matched: number;
  /** The matches of a dry run (the first 1,000). */
  matches?: { id: string; name: string }[];
  created_at: string;
}

export interface SweepPage {
  cursor: string;
  listed: boolean;
  scanned: number;
  matched: number;
  matches?: SweepRecord['matches'];
  cancelled?: boolean;
}

export const createSweepStore = (ctx: LedgerContext) => ({
  create: async (sweep: Omit<SweepRecord, 'cursor' | 'listed' | 'cancelled' | 'scanned' | 'matched'>): Promise<void> => {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.table,
        Item: { ...sweepKey(sweep.sweep_id), ...sweep, cursor: '', listed: false, cancelled: false, scanned: 0, matched: 0, expires_at: epochSeconds(ctx.now()) + ctx.retentionSeconds + QUEUE_RETENTION_SECONDS },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  },

  get: async (sweepId: string): Promise<SweepRecord | undefined> => {
    const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: sweepKey(sweepId), ConsistentRead: true }));
    if (!output.Item || isExpired(output.Item, ctx.now())) return undefined;
    const { pk: _pk, sk: _sk, expires_at: _expires, ...record } = output.Item;
    return record as SweepRecord;
  },

  /** Records a listed page, only if it follows the cursor the sweep stood at (a repeated page changes nothing). */
  recordPage: async (sweepId: string, from: string, page: SweepPage): Promise<boolean> => {
    try {
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: sweepKey(sweepId),
          UpdateExpression: `SET #cursor = :cursor, listed = :listed, scanned = :scanned, matched = :matched, cancelled = :cancelled${page.matches ? ', matches = :matches' : ''}`,
          ConditionExpression: '#cursor = :from',
          ExpressionAttributeNames: { '#cursor': 'cursor' },
          ExpressionAttributeValues: {
            ':cursor': page.cursor,
            ':from': from,
            ':listed': page.listed,
            ':scanned': page.scanned,
            ':matched': page.matched,
            ':cancelled': page.cancelled === true,
            ...(page.matches && { ':matches': page.matches }),
          },
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  },
});

export type SweepStore = ReturnType<typeof createSweepStore>;
