import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerContext } from './context';
import { OPEN_WORK_INDEX, type OpenKind } from './table';

export interface OpenEntry {
  /** A job's or a batch's record. */
  record: 'job' | 'batch';
  id: string;
}

/** The records that still owe work of one kind, oldest first (what a restart resumes). */
export const createOpenWork = (ctx: LedgerContext) => ({
  list: async (kind: OpenKind): Promise<OpenEntry[]> => {
    const entries: OpenEntry[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const output = await ctx.doc.send(
        new QueryCommand({
          TableName: ctx.table,
          IndexName: OPEN_WORK_INDEX,
          KeyConditionExpression: '#open = :kind',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':kind': kind },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) {
        const [prefix, id] = String(item.pk).split(/#(.*)/s);
        entries.push({ record: prefix === 'BATCH' ? 'batch' : 'job', id });
      }
      startKey = output.LastEvaluatedKey;
    } while (startKey);
    return entries;
  },
});

export type OpenWork = ReturnType<typeof createOpenWork>;
