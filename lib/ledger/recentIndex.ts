import { createHash } from 'node:crypto';

/** The sparse index of recent jobs and batches, newest first (infra/table.json). */
export const RECENT_INDEX = 'recent';

/**
 * Jobs are spread over a few index partitions by a hash of their ID, and listed by merging them.
 * One partition per workspace would need a list of workspaces to read everything and would put a
 * busy workspace's burst (a batch of 1,000 is written in about a second) on one partition, which a
 * GSI takes at about 1,000 writes a second before it throttles the table's own writes; four
 * shards take four times that, cost four small queries a page, and leave the workspace to a
 * filter (a scoped key pays for reading other workspaces’ entries, at most a few pages a request:
 * lib/ledger/operatorStore.ts).
 */
export const JOB_LIST_SHARDS = 4;
/** Batches are one per up to 1,000 jobs: one partition is far from any write limit. */
export const BATCH_PARTITION = 'BATCHES';

const jobPartition = (jobId: string) => `JOBS#${createHash('sha1').update(jobId).digest()[0] % JOB_LIST_SHARDS}`;
export const JOB_PARTITIONS = Array.from({ length: JOB_LIST_SHARDS }, (_, shard) => `JOBS#${shard}`);

/** The index attributes a new job carries: newest first by when it was queued. */
export const jobListFields = (job: { job_id: string; enqueued_at: string }) => ({ list_pk: jobPartition(job.job_id), list_at: `${job.enqueued_at}#${job.job_id}` });
/** The index attributes a new batch carries. */
export const batchListFields = (batch: { batch_id: string; created_at: string }) => ({ list_pk: BATCH_PARTITION, list_at: `${batch.created_at}#${batch.batch_id}` });
