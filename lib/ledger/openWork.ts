import { type LedgerContext, queryAll } from './context';
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
    const items = queryAll(ctx, {
      IndexName: OPEN_WORK_INDEX,
      KeyConditionExpression: '#open = :kind',
      ExpressionAttributeNames: { '#open': 'open' },
      ExpressionAttributeValues: { ':kind': kind },
    });
    for await (const item of items) {
      const [prefix, id] = String(item.pk).split(/#(.*)/s);
      entries.push({ record: prefix === 'BATCH' ? 'batch' : 'job', id });
    }
    return entries;
  },
});

export type OpenWork = ReturnType<typeof createOpenWork>;
