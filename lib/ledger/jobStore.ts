import { BatchWriteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailed, writeIf } from './client';
import { epochSeconds, isExpired, type LedgerContext, newRecordFields, putItems, queryAll } from './context';
import type { JobEnd, JobError, JobRecord, JobSpec } from './records';
import { jobListFields } from './recentIndex';
import { decodeCompressed, encodeResult } from './results';
import { batchPartition, batchSeq, jobKey, resultPartKey } from './table';

/** Storage-only attributes that a JobRecord never shows. */
const STORAGE_FIELDS = ['pk', 'sk', 'batch_pk', 'batch_seq', 'open', 'open_at', 'list_pk', 'list_at', 'expires_at', 'result_json', 'result_gz', 'result_parts', 'ended_ids'];

const strip = <T>(item: Record<string, unknown>): T => {
  const record = { ...item };
  for (const field of STORAGE_FIELDS) delete record[field];
  return record as T;
};

export type StartResult = { kind: 'started'; record: JobRecord } | { kind: 'not_runnable'; record?: JobRecord };
export type CancelResult = { kind: 'cancelled'; record: JobRecord } | { kind: 'not_cancellable'; record?: JobRecord };

export interface NewJob {
  spec: JobSpec;
  /** Position in its batch, for listing in request order. */
  index?: number;
}

/** Jobs in the ledger: created before they are queued, every transition a conditional write. */
export const createJobStore = (ctx: LedgerContext) => {
  const newItem = ({ spec, index }: NewJob) => ({
    ...jobKey(spec.job_id),
    ...spec,
    status: 'queued',
    attempts: 0,
    ...newRecordFields(ctx, { callbackUrl: spec.callback_url, open: 'job', openAt: spec.enqueued_at }),
    ...(spec.batch_id !== undefined && { batch_pk: batchPartition(spec.batch_id), batch_seq: batchSeq(index ?? 0) }),
    // The operator listing (GET /v1/jobs): newest first.
    ...jobListFields(spec),
  });

  const loadResult = async (item: Record<string, unknown>): Promise<JobRecord['result']> => {
    if (typeof item.result_json === 'string') return JSON.parse(item.result_json);
    if (item.result_gz instanceof Uint8Array) return decodeCompressed([item.result_gz]);
    if (typeof item.result_parts === 'number') {
      // Parts of up to 300 KB: more than three take more than one page.
      const parts: Uint8Array[] = [];
      const items = queryAll(ctx, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :parts)', ExpressionAttributeValues: { ':pk': item.pk, ':parts': 'RESULT#' }, ConsistentRead: true });
      // Only the parts this result was written with: a crashed earlier write may have left more.
      for await (const part of items) if (parts.length < item.result_parts) parts.push(part.data as Uint8Array);
      return decodeCompressed(parts);
    }
    return undefined;
  };

  const get = async (jobId: string, options: { withResult?: boolean } = {}): Promise<JobRecord | undefined> => {
    const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: jobKey(jobId), ConsistentRead: true }));
    const item = output.Item;
    if (!item || isExpired(item, ctx.now())) return undefined;
    const record = strip<JobRecord>(item);
    if (options.withResult !== false) {
      const result = await loadResult(item);
      if (result !== undefined) record.result = result;
    }
    return record;
  };

  return {
    get,

    /** Records new jobs (status queued, open) before they are queued. */
    create: (jobs: NewJob[]) => putItems(ctx, jobs.map(newItem)),

    /** Records a job unless its ID is taken; false when it was. */
    createIfAbsent: async (job: NewJob): Promise<boolean> => {
      return writeIf(ctx.doc.send(new PutCommand({ TableName: ctx.table, Item: newItem(job), ConditionExpression: 'attribute_not_exists(pk)' })));
    },

    /** Forgets jobs that were never queued (their submission failed as a whole). */
    remove: async (jobIds: string[]) => {
      for (let i = 0; i < jobIds.length; i += 25) {
        await ctx.doc.send(
          new BatchWriteCommand({ RequestItems: { [ctx.table]: jobIds.slice(i, i + 25).map((id) => ({ DeleteRequest: { Key: jobKey(id) } })) } }),
        );
      }
    },

    /** The worker takes a job: only a queued or running (redelivered) one runs. */
    start: async (jobId: string, attempts: number): Promise<StartResult> => {
      try {
        const output = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.table,
            Key: jobKey(jobId),
            UpdateExpression: 'SET #status = :running, attempts = :attempts, started_at = if_not_exists(started_at, :now)',
            ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :running)',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':attempts': attempts, ':now': ctx.now().toISOString() },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { kind: 'started', record: strip<JobRecord>(output.Attributes ?? {}) };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        return { kind: 'not_runnable', record: await get(jobId, { withResult: false }) };
      }
    },

    /** How far a multi-step job got (channels.ensure): a retry or a restart resumes from there. */
    saveProgress: async (jobId: string, progress: Record<string, unknown>): Promise<void> => {
      await ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: jobKey(jobId),
          UpdateExpression: 'SET progress = :progress',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':progress': progress, ':running': 'running' },
        }),
      );
    },

    /** A transient failure that will be retried: kept as `last_error`. */
    noteRetry: async (jobId: string, error: JobError): Promise<void> => {
      await ctx.doc.send(
        new UpdateCommand({ TableName: ctx.table, Key: jobKey(jobId), UpdateExpression: 'SET last_error = :error', ExpressionAttributeValues: { ':error': error } }),
      );
    },

    /**
     * Ends a queued or running job with its outcome. The job stays open while its callback is
     * undelivered. False when the job had already ended (a duplicate delivery finished it).
     */
    end: async (jobId: string, end: JobEnd, hasCallback: boolean): Promise<boolean> => {
      const now = ctx.now();
      const values: Record<string, unknown> = {
        ':status': end.status,
        ':attempts': end.attempts,
        ':now': now.toISOString(),
        ':expires': epochSeconds(now) + ctx.retentionSeconds,
        ':queued': 'queued',
        ':running': 'running',
      };
      const sets = ['#status = :status', 'attempts = :attempts', 'completed_at = :now', 'expires_at = :expires', 'open_at = :now'];
      const names: Record<string, string> = { '#status': 'status', '#open': 'open' };
      const optional: [string, unknown][] = [['error', end.error], ['already_done', end.already_done]];
      for (const [name, value] of optional) {
        if (value !== undefined) {
          // Named, since some (`error`) are DynamoDB reserved words.
          names[`#${name}`] = name;
          sets.push(`#${name} = :${name}`);
          values[`:${name}`] = value;
        }
      }
      if (end.result !== undefined) {
        const stored = encodeResult(end.result);
        if (stored.kind === 'inline') {
          sets.push('result_json = :result');
          values[':result'] = stored.json;
        } else if (stored.kind === 'compressed') {
          sets.push('result_gz = :result');
          values[':result'] = stored.gz;
        } else {
          await putItems(ctx, stored.parts.map((data, part) => ({ ...resultPartKey(jobId, part), data, expires_at: values[':expires'] })));
          sets.push('result_parts = :result');
          values[':result'] = stored.parts.length;
        }
      }
      if (hasCallback) {
        sets.push('#open = :callback');
        values[':callback'] = 'callback';
      }
      return writeIf(ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: jobKey(jobId),
          UpdateExpression: `SET ${sets.join(', ')}${hasCallback ? '' : ' REMOVE #open'}`,
          ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :running)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ));
    },

    /** Cancels a job that has not started; its callback (if any) is then owed. */
    cancel: async (jobId: string): Promise<CancelResult> => {
      const current = await get(jobId, { withResult: false });
      if (current?.status !== 'queued') return { kind: 'not_cancellable', record: current };
      const now = ctx.now();
      const hasCallback = current.callback_url !== undefined;
      try {
        const output = await ctx.doc.send(
          new UpdateCommand({
            TableName: ctx.table,
            Key: jobKey(jobId),
            UpdateExpression: `SET #status = :cancelled, completed_at = :now, expires_at = :expires, open_at = :now${hasCallback ? ', #open = :callback' : ''}${hasCallback ? '' : ' REMOVE #open'}`,
            ConditionExpression: '#status = :queued',
            ExpressionAttributeNames: { '#status': 'status', '#open': 'open' },
            ExpressionAttributeValues: {
              ':cancelled': 'cancelled',
              ':queued': 'queued',
              ':now': now.toISOString(),
              ':expires': epochSeconds(now) + ctx.retentionSeconds,
              ...(hasCallback && { ':callback': 'callback' }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { kind: 'cancelled', record: strip<JobRecord>(output.Attributes ?? {}) };
      } catch (error) {
        if (!isConditionFailed(error)) throw error;
        return { kind: 'not_cancellable', record: await get(jobId, { withResult: false }) };
      }
    },

    /**
     * An ended job's callback is owed again (redelivery); false when the job has not ended or has
     * no callback, or, with `onlyIfFailed` (a dead letter redriven), when it is not `failed`.
     */
    reopenCallback: async (jobId: string, options: { onlyIfFailed?: boolean } = {}): Promise<boolean> => {
      return writeIf(ctx.doc.send(
        new UpdateCommand({
          TableName: ctx.table,
          Key: jobKey(jobId),
          UpdateExpression: 'SET callback_status = :pending, #open = :callback, open_at = :now',
          ConditionExpression: `attribute_exists(callback_url) AND #status IN (:succeeded, :failed, :cancelled)${options.onlyIfFailed ? ' AND callback_status = :failed' : ''}`,
          ExpressionAttributeNames: { '#status': 'status', '#open': 'open' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':callback': 'callback',
            ':now': ctx.now().toISOString(),
            ':succeeded': 'succeeded',
            ':failed': 'failed',
            ':cancelled': 'cancelled',
          },
        }),
      ));
    },
  };
};

export type JobStore = ReturnType<typeof createJobStore>;
