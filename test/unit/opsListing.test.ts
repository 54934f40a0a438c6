import type { Ledger } from '../../lib/ledger/ledger';
import type { JobSpec } from '../../lib/ledger/records';
import { listBatches, listJobs } from '../../lib/ops/listing';
import { buildOverview } from '../../lib/ops/overview';
import type { QueueDirectory } from '../../lib/ops/queues';
import type { GroupStat } from '../../lib/ops/types';
import { ADMIN_ACCESS, type Access } from '../../lib/workspaces/access';
import { useTestLedger } from '../helpers/ledger';

const store = useTestLedger();
const SCOPED: Access = { kind: 'scoped', workspaces: ['T0MINE001'] };

const spec = (n: number, workspace: string, method = 'conversations.info'): JobSpec => ({
  job_id: `job-${String(n).padStart(3, '0')}`,
  workspace,
  method,
  args: { channel: 'C01GENERAL' },
  enqueued_at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)).toISOString(),
});

/** Pages through GET /v1/jobs to the end. */
const allPages = async (ledger: Ledger, access: Access, query: Record<string, string>) => {
  const ids: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await listJobs(access, { ...query, ...(cursor && { cursor }) }, { ledger });
    ids.push(...page.jobs.map((job) => job.job_id));
    cursor = page.next_cursor;
    pages += 1;
  } while (cursor && pages < 50);
  return ids;
};

describe('listing recent jobs', () => {
  it('merges the index partitions newest first, each job once, page by page', async () => {
    // Prepare
    const ledger = await store.fresh();
    await ledger.jobs.create(Array.from({ length: 30 }, (_, n) => ({ spec: spec(n, n % 3 === 0 ? 'T0MINE001' : 'T0THEIRS1') })));

    // Act
    const ids = await allPages(ledger, ADMIN_ACCESS, { limit: '7' });

    // Assess
    expect(ids).toEqual(Array.from({ length: 30 }, (_, n) => `job-${String(29 - n).padStart(3, '0')}`));
  });

  it('shows a scoped key its own workspaces only, also when it names another', async () => {
    // Prepare
    const ledger = await store.fresh();
    await ledger.jobs.create(Array.from({ length: 30 }, (_, n) => ({ spec: spec(n, n % 3 === 0 ? 'T0MINE001' : 'T0THEIRS1') })));

    // Act
    const mine = await allPages(ledger, SCOPED, { limit: '4' });
    const theirs = await listJobs(SCOPED, { workspace: 'T0THEIRS1' }, { ledger });

    // Assess
    expect(mine).toEqual(Array.from({ length: 10 }, (_, i) => `job-${String(27 - 3 * i).padStart(3, '0')}`));
    expect(theirs).toEqual({ jobs: [] });
  });

  it('filters by status and method, and shows views without results', async () => {
    // Prepare
    const ledger = await store.fresh();
    await ledger.jobs.create([{ spec: spec(1, 'T0MINE001') }, { spec: spec(2, 'T0MINE001', 'conversations.archive') }, { spec: spec(3, 'T0MINE001', 'conversations.archive') }]);
    await ledger.jobs.start('job-002', 1);
    await ledger.jobs.end('job-002', { status: 'failed', attempts: 1, result: { ok: false, error: 'channel_not_found' }, error: { code: 'channel_not_found', message: 'x', retryable: false } }, false);

    // Act
    const failed = await listJobs(ADMIN_ACCESS, { status: 'failed' }, { ledger });
    const archives = await listJobs(ADMIN_ACCESS, { method: 'conversations.archive' }, { ledger });

    // Assess
    expect(failed.jobs).toEqual([expect.objectContaining({ job_id: 'job-002', status: 'failed', error: expect.objectContaining({ code: 'channel_not_found' }), args: { channel: 'C01GENERAL' }, workspace: 'T0MINE001' })]);
    expect(failed.jobs[0]).not.toHaveProperty('result');
    expect(archives.jobs.map((job) => job.job_id)).toEqual(['job-003', 'job-002']);
  });

  it('refuses a cursor it did not give out', async () => {
    // Prepare
    const ledger = await store.fresh();

    // Act
    const listing = listJobs(ADMIN_ACCESS, { cursor: Buffer.from('{"at":5}').toString('base64url') }, { ledger });

    // Assess
    await expect(listing).rejects.toMatchObject({ code: 'validation_failed', details: [{ path: 'cursor' }] });
  });
});

describe('listing recent batches', () => {
  it('lists batches newest first with their progress, a scoped key only its own', async () => {
    // Prepare
    const ledger = await store.fresh();
    await ledger.batches.create({ batch_id: 'b-old', workspace: 'T0MINE001', total: 2, created_at: '2026-01-01T00:00:00.000Z' });
    await ledger.batches.create({ batch_id: 'b-new', workspace: 'T0THEIRS1', total: 1, created_at: '2026-01-02T00:00:00.000Z' });
    await ledger.jobs.create([{ spec: { ...spec(1, 'T0MINE001'), batch_id: 'b-old' }, index: 0 }, { spec: { ...spec(2, 'T0MINE001'), batch_id: 'b-old' }, index: 1 }]);
    const deps = { ledger, callsPerMinute: () => 60 };

    // Act
    const admin = await listBatches(ADMIN_ACCESS, {}, deps);
    const scoped = await listBatches(SCOPED, {}, deps);

    // Assess
    expect(admin.batches.map((batch) => batch.batch_id)).toEqual(['b-new', 'b-old']);
    expect(scoped.batches).toEqual([
      expect.objectContaining({ batch_id: 'b-old', total: 2, counts: { queued: 2, running: 0, succeeded: 0, failed: 0, cancelled: 0 }, done: false, eta_seconds: 2, workspace: 'T0MINE001' }),
    ]);
  });
});

describe('the overview', () => {
  const queues = {
    depth: async () => ({ visible: 1, in_flight: 2, dlq: 3 }),
  } as unknown as QueueDirectory;
  const groups: GroupStat[] = [
    { group: 'T0MINE001:conversations.info', workspace: 'T0MINE001', method: 'conversations.info', limit_per_minute: 50, allowance_per_minute: 47, calls_last_minute: 3, rate_limited_last_hour: 0 },
    { group: 'T0THEIRS1:conversations.info', workspace: 'T0THEIRS1', method: 'conversations.info', limit_per_minute: 50, allowance_per_minute: 47, calls_last_minute: 9, rate_limited_last_hour: 1 },
  ];

  it('counts open jobs by status and shows the queues and every group to an admin key', async () => {
    // Prepare
    const ledger = await store.fresh();
    await ledger.jobs.create([{ spec: spec(1, 'T0MINE001') }, { spec: spec(2, 'T0THEIRS1') }, { spec: spec(3, 'T0THEIRS1') }]);
    await ledger.jobs.start('job-003', 1);

    // Act
    const overview = await buildOverview(ADMIN_ACCESS, { ledger, groupStats: async () => groups }, queues);

    // Assess
    expect(overview).toMatchObject({
      queues: { jobs: { visible: 1, in_flight: 2, dlq: 3 }, callbacks: { dlq: 3 }, oldest_open_job_at: '2026-01-01T00:00:01.000Z' },
      jobs: { queued: 2, running: 1 },
      groups,
    });
  });

  it('shows a scoped key its own counts and groups, and no queues', async () => {
    // Prepare
    const ledger = await store.fresh();
    await ledger.jobs.create([{ spec: spec(1, 'T0MINE001') }, { spec: spec(2, 'T0THEIRS1') }]);

    // Act
    const overview = await buildOverview(SCOPED, { ledger, groupStats: async () => groups }, queues);

    // Assess
    expect(overview).not.toHaveProperty('queues');
    expect(overview.jobs).toEqual({ queued: 1, running: 0 });
    expect(overview.groups).toEqual([groups[0]]);
  });

  it('still answers when the pacing figures fail, or are not wired', async () => {
    // Prepare
    const ledger = await store.fresh();

    // Act
    const failing = await buildOverview(ADMIN_ACCESS, { ledger, groupStats: async () => Promise.reject(new Error('down')) }, queues);
    const absent = await buildOverview(ADMIN_ACCESS, { ledger }, queues);

    // Assess
    expect(failing).toMatchObject({ groups: [], groups_unavailable: true });
    expect(absent.groups).toEqual([]);
    expect(absent).not.toHaveProperty('groups_unavailable');
  });
});

describe('a ledger without the listing index', () => {
  it('answers listing_unavailable, naming the way out', async () => {
    // Prepare: a local data directory made before the index existed answers like this
    const missing = Object.assign(new Error('The table does not have the specified index: recent'), { name: 'ValidationException' });
    const ledger = { operator: { listJobs: async () => Promise.reject(missing) } } as unknown as Ledger;

    // Act
    const listing = listJobs(ADMIN_ACCESS, {}, { ledger });

    // Assess
    await expect(listing).rejects.toMatchObject({ code: 'listing_unavailable', message: expect.stringContaining('npm run reset') });
  });
});
