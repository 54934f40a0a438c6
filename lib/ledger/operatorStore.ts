import { BatchGetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from './batchStore';
import { writeIf } from './client';
import { isExpired, type LedgerContext, queryAll } from './context';
import type { JobStatus } from './records';
import { BATCH_PARTITION, JOB_PARTITIONS, RECENT_INDEX } from './recentIndex';
import { batchKey, OPEN_WORK_INDEX } from './table';

/** Storage attributes an operator listing never shows. */
const STORAGE_FIELDS = ['pk', 'sk', 'list_pk', 'list_at', 'batch_pk', 'batch_seq', 'open', 'open_at', 'expires_at', 'ended_ids'];
const strip = (item: Record<string, unknown>): Record<string, unknown> => {
  const record = { ...item };
  for (const field of STORAGE_FIELDS) delete record[field];
  return record;
};

export interface RecentFilter {
  status?: JobStatus;
  method?: string;
  /** Only these workspaces; every workspace when absent. */
  workspaces?: readonly string[];
}

export interface RecentPage {
  items: Record<string, unknown>[];
  next_cursor?: string;
}

/** Index items read per query page when a filter may drop most of them, and pages per partition per request. */
const FILTERED_PAGE = 400;
const MAX_PAGES = 4;
/** Open jobs whose status is read for the overview's counts. */
export const OPEN_JOBS_COUNTED = 2000;

const encodeCursor = (at: string) => Buffer.from(JSON.stringify({ at }), 'utf8').toString('base64url');
const decodeCursor = (cursor: string): string => {
  try {
    const { at } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown };
    if (typeof at !== 'string' || !/^\d{4}-\d\d-\d\dT[^#]+#.+$/.test(at)) throw new Error('not a listing position');
    return at;
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
};

const filterExpression = (filter: RecentFilter) => {
  const clauses: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  if (filter.status !== undefined) {
    clauses.push('#status = :status');
    names['#status'] = 'status';
    values[':status'] = filter.status;
  }
  if (filter.method !== undefined) {
    clauses.push('#method = :method');
    names['#method'] = 'method';
    values[':method'] = filter.method;
  }
  if (filter.workspaces !== undefined) {
    const keys = filter.workspaces.map((workspace, index) => {
      values[`:ws${index}`] = workspace;
      return `:ws${index}`;
    });
    clauses.push(`#workspace IN (${keys.join(', ')})`);
    names['#workspace'] = 'workspace';
  }
  return clauses.length === 0 ? undefined : { FilterExpression: clauses.join(' AND '), ExpressionAttributeNames: names, ExpressionAttributeValues: values };
};

interface PartitionRead {
  items: Record<string, unknown>[];
  /** Every entry of the partition at or above this position has been read; '' when it is exhausted. */
  readDownTo: string;
}

/**
 * Operator views of the ledger: recent jobs and batches (newest first, across index partitions),
 * what open work there is, and re-owing a batch's dead-lettered callback.
 */
export const createOperatorStore = (ctx: LedgerContext) => {
  /** Up to `want` matches of one partition below `before`, reading at most MAX_PAGES pages. */
  const readPartition = async (partition: string, filter: RecentFilter, want: number, before?: string): Promise<PartitionRead> => {
    const expression = filterExpression(filter);
    const items: Record<string, unknown>[] = [];
    const now = ctx.now();
    let startKey: Record<string, unknown> | undefined;
    let pages = 0;
    do {
      const output = await ctx.doc.send(
        new QueryCommand({
          TableName: ctx.table,
          IndexName: RECENT_INDEX,
          KeyConditionExpression: `list_pk = :pk${before === undefined ? '' : ' AND list_at < :before'}`,
          ScanIndexForward: false,
          Limit: expression ? FILTERED_PAGE : want,
          ...expression,
          ExpressionAttributeValues: { ':pk': partition, ...(before !== undefined && { ':before': before }), ...expression?.ExpressionAttributeValues },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of output.Items ?? []) if (!isExpired(item, now)) items.push(item);
      startKey = output.LastEvaluatedKey;
      pages += 1;
    } while (startKey && items.length < want && pages < MAX_PAGES);
    return { items, readDownTo: startKey ? String(startKey.list_at) : '' };
  };

  /** Merges partitions newest first; a position below which some partition is unread ends the page. */
  const listRecent = async (partitions: readonly string[], filter: RecentFilter, limit: number, cursor?: string): Promise<RecentPage> => {
    if (filter.workspaces?.length === 0) return { items: [] };
    const before = cursor === undefined ? undefined : decodeCursor(cursor);
    const reads = await Promise.all(partitions.map((partition) => readPartition(partition, filter, limit, before)));
    // Positions are ISO timestamps with IDs: strings, compared as such.
    const threshold = reads.map((read) => read.readDownTo).sort().at(-1) ?? '';
    const eligible = reads
      .flatMap((read) => read.items)
      .filter((item) => String(item.list_at) >= threshold)
      .sort((a, b) => (String(a.list_at) < String(b.list_at) ? 1 : -1));
    const page = eligible.slice(0, limit);
    let next: string | undefined;
    if (eligible.length > limit) next = String(page[page.length - 1].list_at);
    else if (threshold !== '') next = threshold;
    return { items: page.map(strip), ...(next !== undefined && { next_cursor: encodeCursor(next) }) };
  };

  return {
    /** Recent jobs (the index's copy: no result), newest first. */
    listJobs: (filter: RecentFilter, limit: number, cursor?: string) => listRecent(JOB_PARTITIONS, filter, limit, cursor),

    /** Recent batches, newest first. */
    listBatches: (filter: Pick<RecentFilter, 'workspaces'>, limit: number, cursor?: string) => listRecent([BATCH_PARTITION], filter, limit, cursor),

    /**
     * Jobs not yet ended (the open-work index, oldest first), with their status and workspace: at
     * most OPEN_JOBS_COUNTED are read (`truncated` says there were more).
     */
    openJobs: async (): Promise<{ oldest_at?: string; jobs: { status: JobStatus; workspace: string }[]; truncated: boolean }> => {
      const keys: { pk: string; sk: string }[] = [];
      let oldest: string | undefined;
      let truncated = false;
      const entries = queryAll(ctx, {
        IndexName: OPEN_WORK_INDEX,
        KeyConditionExpression: '#open = :job',
        ExpressionAttributeNames: { '#open': 'open' },
        ExpressionAttributeValues: { ':job': 'job' },
      });
      for await (const entry of entries) {
        if (keys.length === OPEN_JOBS_COUNTED) {
          truncated = true;
          break;
        }
        oldest ??= String(entry.open_at);
        keys.push({ pk: String(entry.pk), sk: String(entry.sk) });
      }
      const jobs: { status: JobStatus; workspace: string }[] = [];
      for (let i = 0; i < keys.length; i += 100) {
        let pending: Record<string, unknown>[] = keys.slice(i, i + 100);
        for (let round = 0; round < 5 && pending.length > 0; round += 1) {
          const output = await ctx.doc.send(
            new BatchGetCommand({ RequestItems: { [ctx.table]: { Keys: pending, ProjectionExpression: '#status, workspace', ExpressionAttributeNames: { '#status': 'status' } } } }),
          );
          for (const item of output.Responses?.[ctx.table] ?? []) jobs.push({ status: item.status as JobStatus, workspace: String(item.workspace) });
          pending = output.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
        }
      }
      return { ...(oldest !== undefined && { oldest_at: oldest }), jobs, truncated };
    },

    /** An ended batch's callback is owed again (its dead-lettered message is redriven); false when it has none or has not ended. */
    reopenBatchCallback: async (batchId: string): Promise<boolean> => {
      return writeIf(ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: batchKey(batchId),
          UpdateExpression: 'SET callback_status = :pending, #open = :callback, open_at = :now',
          // Only a failed delivery: one delivered since (or owed already) must not go out again.
          ConditionExpression: 'attribute_exists(batch_callback_url) AND attribute_exists(completed_at) AND callback_status = :failed',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: { ':pending': 'pending', ':callback': 'callback', ':now': ctx.now().toISOString(), ':failed': 'failed' },
        }),
      ));
    },
  };
};

export type OperatorStore = ReturnType<typeof createOperatorStore>;
