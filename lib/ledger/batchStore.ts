import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, writeIf } from './client';
import { epochSeconds, isExpired, type LedgerContext, newRecordFields, queryAll } from './context';
import type { BatchMember, BatchRecord, EndedStatus, JobStatus } from './records';
import { batchListFields } from './recentIndex';
import { BATCH_JOBS_INDEX, batchKey, batchPartition } from './table';

export interface NewBatch {
  batch_id: string;
  workspace: string;
  total: number;
  created_at: string;
  batch_callback_url?: string;
  /** Jobs will be added later (a sweep): see `grow` and `seal`. */
  open_ended?: boolean;
}

/** A batch's jobs counted by status, and the unended ones by method (for the ETA). */
export interface MemberStats {
  byStatus: Record<JobStatus, number>;
  unendedByMethod: Record<string, number>;
  /** IDs of the members that have ended, by status. */
  ended: { job_id: string; status: EndedStatus }[];
}

export interface MemberPage {
  jobs: BatchMember[];
  next_cursor?: string;
}

const toRecord = (item: Record<string, unknown>): BatchRecord => {
  const { pk: _pk, sk: _sk, open: _open, open_at: _openAt, expires_at: _expires, ended_ids: _ended, list_pk: _listPk, list_at: _listAt, ...record } = item;
  return record as unknown as BatchRecord;
};

const encodeCursor = (key: Record<string, unknown> | undefined) => (key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined);

export class InvalidCursorError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('cursor is not one this API gave out', options);
    this.name = 'InvalidCursorError';
  }
}

const decodeCursor = (cursor: string, batchId: string): Record<string, unknown> => {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (key.batch_pk !== batchPartition(batchId) || typeof key.batch_seq !== 'string' || typeof key.pk !== 'string' || typeof key.sk !== 'string') {
      throw new Error('cursor is for another batch');
    }
    return { pk: key.pk, sk: key.sk, batch_pk: key.batch_pk, batch_seq: key.batch_seq };
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
};

/**
 * Batches in the ledger. Ended jobs are counted on the batch item itself with a conditional
 * `ADD` guarded by the set of counted job IDs, so counting the same job twice is impossible and
 * a retried count is harmless; the live statuses (queued, running) come from the batch index.
 */
export const createBatchStore = (ctx: LedgerContext) => {
  const get = async (batchId: string): Promise<BatchRecord | undefined> => {
    const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: batchKey(batchId), ConsistentRead: true }));
    return output.Item && !isExpired(output.Item, ctx.now()) ? toRecord(output.Item) : undefined;
  };

  /** Every member of a batch as the index holds it (a batch has at most 1000 jobs). */
  const members = async function* (batchId: string, status?: JobStatus, startKey?: Record<string, unknown>) {
    const items = queryAll(ctx, {
      IndexName: BATCH_JOBS_INDEX,
      KeyConditionExpression: 'batch_pk = :batch',
      ...(status !== undefined && { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } }),
      ExpressionAttributeValues: { ':batch': batchPartition(batchId), ...(status !== undefined && { ':status': status }) },
      ExclusiveStartKey: startKey,
    });
    for await (const item of items) yield { item, key: { pk: item.pk, sk: item.sk, batch_pk: item.batch_pk, batch_seq: item.batch_seq } };
  };

  const toMember = (item: Record<string, unknown>): BatchMember => {
    const { pk: _pk, sk: _sk, batch_pk: _bpk, batch_seq: _seq, ...member } = item;
    return member as unknown as BatchMember;
  };

  return {
    get,

    create: async (batch: NewBatch): Promise<void> => {
      await ctx.doc.send(
        new PutCommand({
          TableName: ctx.table,
          Item: {
            ...batchKey(batch.batch_id),
            ...batch,
            succeeded: 0,
            failed: 0,
            cancelled: 0,
            ...newRecordFields(ctx, { callbackUrl: batch.batch_callback_url, open: 'batch', openAt: batch.created_at }),
            // The operator listing (GET /v1/batches): newest first.
            ...batchListFields(batch),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    },

    /** Jobs that were never queued leave the batch; `grow` adds jobs to an open-ended one. */
    shrink: async (batchId: string, by: number): Promise<void> => {
      await ctx.doc.send(
        new UpdateCommand({ TableName: ctx.table, Key: batchKey(batchId), UpdateExpression: 'ADD #total :minus', ExpressionAttributeNames: { '#total': 'total' }, ExpressionAttributeValues: { ':minus': -by } }),
      );
    },
    grow: async (batchId: string, by: number, token?: string): Promise<void> => {
      // A failed condition: this addition was counted before (a page listed again after a crash).
      await writeIf(
        ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.table,
            Key: batchKey(batchId),
            UpdateExpression: `ADD #total :by${token === undefined ? '' : ' SET grown_by = :token'}`,
            ...(token !== undefined && { ConditionExpression: 'attribute_not_exists(grown_by) OR grown_by <> :token' }),
            ExpressionAttributeNames: { '#total': 'total' },
            ExpressionAttributeValues: { ':by': by, ...(token !== undefined && { ':token': token }) },
          }),
        ),
      );
    },

    /** No more jobs will be added: the batch may complete once they have all ended. */
    seal: async (batchId: string): Promise<BatchRecord | undefined> => {
      const output = await ctx.doc.send(
        new UpdateCommand({ TableName: ctx.table, Key: batchKey(batchId), UpdateExpression: 'REMOVE open_ended', ConditionExpression: 'attribute_exists(pk)', ReturnValues: 'ALL_NEW' }),
      );
      return output.Attributes ? toRecord(output.Attributes) : undefined;
    },

    /** Marks a batch cancelled, so that a sweep still listing adds nothing more to it. */
    requestCancel: async (batchId: string): Promise<void> => {
      await ctx.doc.send(
        new UpdateCommand({ TableName: ctx.table, Key: batchKey(batchId), UpdateExpression: 'SET cancel_requested = :yes', ConditionExpression: 'attribute_exists(pk)', ExpressionAttributeValues: { ':yes': true } }),
      );
    },

    /** Counts an ended job once; returns the batch as it now stands. */
    countEnded: async (batchId: string, jobId: string, status: EndedStatus): Promise<BatchRecord | undefined> => {
      try {
        const output = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.table,
            Key: batchKey(batchId),
            UpdateExpression: 'ADD ended_ids :ids, #status :one',
            ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(ended_ids) OR NOT contains(ended_ids, :id))',
            ExpressionAttributeNames: { '#status': status },
            ExpressionAttributeValues: { ':ids': new Set([jobId]), ':id': jobId, ':one': 1 },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return toRecord(output.Attributes ?? {});
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        return get(batchId);
      }
    },

    /** Marks a batch whose jobs have all ended (counts only grow) as completed, once; true for the caller that did. */
    complete: async (batch: BatchRecord): Promise<boolean> => {
      const hasCallback = batch.batch_callback_url !== undefined;
      const now = ctx.now();
      return writeIf(ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: batchKey(batch.batch_id),
          UpdateExpression: `SET completed_at = :now, open_at = :now, expires_at = :expires${hasCallback ? ', #open = :callback' : ' REMOVE #open'}`,
          ConditionExpression: 'attribute_not_exists(completed_at) AND attribute_not_exists(open_ended)',
          ExpressionAttributeNames: { '#open': 'open' },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':expires': epochSeconds(now) + ctx.retentionSeconds,
            ...(hasCallback && { ':callback': 'callback' }),
          },
        }),
      ));
    },

    /** Counts a batch's members by status from the index. */
    memberStats: async (batchId: string): Promise<MemberStats> => {
      const stats: MemberStats = { byStatus: { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }, unendedByMethod: {}, ended: [] };
      for await (const { item } of members(batchId)) {
        const status = item.status as JobStatus;
        stats.byStatus[status] += 1;
        if (status === 'queued' || status === 'running') stats.unendedByMethod[item.method] = (stats.unendedByMethod[item.method] ?? 0) + 1;
        else stats.ended.push({ job_id: item.job_id, status });
      }
      return stats;
    },

    /** Sets a batch's ended counts from its members (after a crash between a job's end and its count). */
    recount: async (batchId: string, ended: MemberStats['ended']): Promise<BatchRecord | undefined> => {
      const count = (status: EndedStatus) => ended.filter((member) => member.status === status).length;
      const output = await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: batchKey(batchId),
          UpdateExpression: `SET succeeded = :s, failed = :f, cancelled = :c${ended.length > 0 ? ', ended_ids = :ids' : ''}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: {
            ':s': count('succeeded'),
            ':f': count('failed'),
            ':c': count('cancelled'),
            ...(ended.length > 0 && { ':ids': new Set(ended.map((member) => member.job_id)) }),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return output.Attributes ? toRecord(output.Attributes) : undefined;
    },

    /** One page of a batch's jobs in request order, optionally of one status. */
    listMembers: async (batchId: string, options: { status?: JobStatus; limit: number; cursor?: string }): Promise<MemberPage> => {
      const jobs: BatchMember[] = [];
      const start = options.cursor === undefined ? undefined : decodeCursor(options.cursor, batchId);
      let last: Record<string, unknown> | undefined;
      let more = false;
      for await (const { item, key } of members(batchId, options.status, start)) {
        if (jobs.length === options.limit) {
          more = true;
          break;
        }
        jobs.push(toMember(item));
        last = key;
      }
      return { jobs, ...(more && { next_cursor: encodeCursor(last) }) };
    },
  };
};

export type BatchStore = ReturnType<typeof createBatchStore>;
