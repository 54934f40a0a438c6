import { InvalidRequestError } from '../jobs/errors';
import { toBatchView, toJobView } from '../jobs/views';
import { InvalidCursorError, type MemberStats } from '../ledger/batchStore';
import type { BatchRecord, JobRecord } from '../ledger/records';
import type { Access } from '../workspaces/access';
import { visibleWorkspaces } from './access';
import { ListingUnavailableError } from './errors';
import { parseBatchListQuery, parseJobListQuery } from './listQuery';
import type { OpsDeps } from './types';

type Query = Record<string, string | undefined>;

/** A closed batch needs no member counts: nothing runs and it has no ETA. */
const NO_MEMBERS: MemberStats = { byStatus: { queued: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 }, unendedByMethod: {}, ended: [] };
/** Open batches whose members are counted at once. */
const STATS_CONCURRENCY = 4;

/** Turns the ledger's listing errors into answers: a bad cursor is the caller's, a missing index the operator's. */
const fromLedger = async <T>(read: () => Promise<T>): Promise<T> => {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidCursorError) throw new InvalidRequestError('Invalid query parameters', [{ path: 'cursor', message: error.message }], { cause: error });
    if ((error as Error).name === 'ValidationException' && /index/i.test((error as Error).message)) throw new ListingUnavailableError({ cause: error });
    throw error;
  }
};

/** `GET /v1/jobs`: recent jobs newest first, as `GET /v1/jobs/{id}` shows them but without results. */
export const listJobs = async (access: Access, query: Query, deps: Pick<OpsDeps, 'ledger'>) => {
  const options = parseJobListQuery(query);
  const filter = { status: options.status, method: options.method, workspaces: visibleWorkspaces(access, options.workspace) };
  const page = await fromLedger(() => deps.ledger.operator.listJobs(filter, options.limit, options.cursor));
  return {
    jobs: page.items.map((item) => ({ ...toJobView(item as unknown as JobRecord), workspace: item.workspace as string })),
    ...(page.next_cursor !== undefined && { next_cursor: page.next_cursor }),
  };
};

/** `GET /v1/batches`: recent batches newest first, as `GET /v1/batches/{id}` shows them. */
export const listBatches = async (access: Access, query: Query, deps: Pick<OpsDeps, 'ledger' | 'callsPerMinute'>) => {
  const options = parseBatchListQuery(query);
  const page = await fromLedger(() => deps.ledger.operator.listBatches({ workspaces: visibleWorkspaces(access) }, options.limit, options.cursor));
  const batches = page.items as unknown as BatchRecord[];
  const views: (ReturnType<typeof toBatchView> & { workspace: string })[] = [];
  for (let i = 0; i < batches.length; i += STATS_CONCURRENCY) {
    const chunk = batches.slice(i, i + STATS_CONCURRENCY);
    const stats = await Promise.all(chunk.map((batch) => (batch.completed_at === undefined ? deps.ledger.batches.memberStats(batch.batch_id) : NO_MEMBERS)));
    for (const [index, batch] of chunk.entries()) views.push({ ...toBatchView(batch, stats[index], deps.callsPerMinute), workspace: batch.workspace });
  }
  return { batches: views, ...(page.next_cursor !== undefined && { next_cursor: page.next_cursor }) };
};
