import definition from '../../infra/table.json';

/** The ledger table's shape, shared by serverless.yml and the local store (infra/table.json). */
export const TABLE = definition;

export const BATCH_JOBS_INDEX = 'batch-jobs';
export const OPEN_WORK_INDEX = 'open-work';

/** What an open-work entry still needs: the job run, its callback delivered, or its batch closed. */
export type OpenKind = 'job' | 'callback' | 'batch';

export const jobKey = (jobId: string) => ({ pk: `JOB#${jobId}`, sk: 'JOB' });
export const resultPartKey = (jobId: string, part: number) => ({ pk: `JOB#${jobId}`, sk: `RESULT#${String(part).padStart(3, '0')}` });
export const batchKey = (batchId: string) => ({ pk: `BATCH#${batchId}`, sk: 'BATCH' });
export const batchPartition = (batchId: string) => `BATCH#${batchId}`;
export const idempotencyKey = (workspace: string, key: string) => ({ pk: `IDEM#${workspace}#${key}`, sk: 'IDEM' });
export const channelNameKey = (workspace: string, name: string) => ({ pk: `CHAN#${workspace}#${name}`, sk: 'CHAN' });
export const sweepKey = (sweepId: string) => ({ pk: `SWEEP#${sweepId}`, sk: 'SWEEP' });

/** Position in a batch, zero-padded so the index lists a batch's jobs in request order. */
export const batchSeq = (index: number) => String(index).padStart(6, '0');

/** Every registered workspace shares one partition: a list is one query, and there are few of them. */
export const WORKSPACES_PARTITION = 'WORKSPACES';
export const workspaceKey = (teamId: string) => ({ pk: WORKSPACES_PARTITION, sk: `WS#${teamId}` });
/** A token kept in the ledger itself (the local stack's vault), apart from the record a list reads. */
export const workspaceTokenKey = (teamId: string) => ({ pk: `WSTOKEN#${teamId}`, sk: 'TOKEN' });
/**
 * Which workspace a SLACK_BOT_TOKEN belongs to, one item per token fingerprint, so auth.test runs
 * once per token and instances holding an older token (while a rotation spreads) do not overwrite
 * what newer ones learned.
 */
export const defaultWorkspaceKey = (fingerprint: string) => ({ pk: 'WSDEFAULT', sk: fingerprint });

/**
 * Every rate-limit group's pacing window shares one partition: the dashboard lists them with one
 * query, and the writes (a few a second at Slack's rates) stay far below a partition's capacity.
 */
export const PACING_PARTITION = 'PACING';
export const pacingKey = (group: string) => ({ pk: PACING_PARTITION, sk: `PACE#${group}` });
