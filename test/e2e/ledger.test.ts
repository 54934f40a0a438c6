import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GENERAL_CHANNEL_ID } from '../../local/slack-emulator/state';
import { eventually, startTestStack, type TestStack } from '../helpers/e2e';


describe('the ledger over HTTP', () => {
  let t: TestStack;
  beforeAll(async () => {
    t = await startTestStack({ env: { JOB_MAX_ATTEMPTS: '2' } });
  });
  afterAll(() => t.stop());

  const info = (channel = GENERAL_CHANNEL_ID) => ({ method: 'conversations.info', args: { channel } });

  it('follows a batch to done, lists its jobs by status with a cursor, reads every result, and sends one batch callback', async () => {
    const jobs = Array.from({ length: 12 }, (_, i) =>
      i % 4 === 3 ? info('C0NOTFOUND9') : i % 2 === 0 ? { method: 'conversations.create', args: { name: `ledger-batch-${i}` } } : info(),
    );
    const submitted = await t.request('/v1/jobs/batch', { body: { jobs, callback_url: t.inbox.url, batch_callback_url: t.inbox.url } });
    expect(submitted.status).toBe(202);
    const { batch_id: batchId } = submitted.body;

    const done = await eventually(async () => {
      const batch = await t.request(`/v1/batches/${batchId}`);
      return batch.body.done ? batch.body : undefined;
    });
    expect(done).toMatchObject({ batch_id: batchId, total: 12, counts: { queued: 0, running: 0, succeeded: 9, failed: 3, cancelled: 0 }, completed_at: expect.any(String) });
    expect(done.eta_seconds).toBeUndefined();

    const failed = await t.request(`/v1/batches/${batchId}/jobs?status=failed`);
    expect(failed.body.jobs.map((job: { job_id: string }) => job.job_id)).toEqual([3, 7, 11].map((i) => submitted.body.jobs[i].job_id));
    expect(failed.body.jobs[0]).toMatchObject({ status: 'failed', error: { code: 'channel_not_found' }, batch_id: batchId });
    expect(failed.body.next_cursor).toBeUndefined();

    const pages: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.request(`/v1/batches/${batchId}/jobs?status=succeeded&limit=4${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.jobs.length).toBeLessThanOrEqual(4);
      pages.push(...page.body.jobs.map((job: { job_id: string }) => job.job_id));
      cursor = page.body.next_cursor;
    } while (cursor);
    expect(pages).toEqual(submitted.body.jobs.filter((_: unknown, i: number) => i % 4 !== 3).map((job: { job_id: string }) => job.job_id));

    const created = await t.request(`/v1/jobs/${submitted.body.jobs[0].job_id}`);
    expect(created.body).toMatchObject({
      status: 'succeeded',
      method: 'conversations.create',
      attempts: 1,
      args: { name: 'ledger-batch-0' },
      result: { ok: true, channel: { name: 'ledger-batch-0' } },
      batch_id: batchId,
      started_at: expect.any(String),
      completed_at: expect.any(String),
    });
    await t.callbackFor(submitted.body.jobs[0].job_id);
    expect((await t.request(`/v1/jobs/${submitted.body.jobs[0].job_id}`)).body.callback).toMatchObject({ url: t.inbox.url, status: 'delivered', attempts: 1, last_status: 204 });

    const batchCallback = await t.callbackFor(batchId);
    expect(batchCallback.body).toEqual({ type: 'batch.completed', batch_id: batchId, workspace: 'T0LOCAL001', total: 12, counts: { succeeded: 9, failed: 3, cancelled: 0 }, completed_at: done.completed_at });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.inbox.received.filter((r) => r.id === batchId)).toHaveLength(1);
  });

  it('shows an ETA while a batch is under way', async () => {
    const jobs = Array.from({ length: 40 }, (_, i) => ({ method: 'conversations.create', args: { name: `eta-${i}` } }));
    const submitted = await t.request('/v1/jobs/batch', { body: { jobs } });
    const batch = await t.request(`/v1/batches/${submitted.body.batch_id}`);
    // 40 creates at tier 2 ×60 (1,200 a minute, 95% used): about 2 s.
    expect(batch.body).toMatchObject({ done: false, eta_seconds: expect.any(Number) });
    expect(batch.body.eta_seconds).toBeGreaterThanOrEqual(1);
    expect(batch.body.eta_seconds).toBeLessThanOrEqual(3);
    await eventually(async () => ((await t.request(`/v1/batches/${submitted.body.batch_id}`)).body.done ? true : undefined));
  });

  it('cancels a queued job: it never reaches Slack, its callback says cancelled, and a running or ended job is not cancellable', async () => {
    t.stack.slack!.setFaults({ rate: 0, kinds: [], slowMs: 1_500 });
    t.stack.slack!.script('conversations.create', ['slow']);
    const slow = await t.submit({ method: 'conversations.create', args: { name: 'cancel-slow' } });
    const waiting = await t.submit({ method: 'conversations.create', args: { name: 'cancel-me' } });
    await eventually(async () => ((await t.request(`/v1/jobs/${slow.body.job_id}`)).body.status === 'running' ? true : undefined));

    const cancelled = await t.request(`/v1/jobs/${waiting.body.job_id}/cancel`, { method: 'POST' });
    expect(cancelled).toMatchObject({ status: 200, body: { job_id: waiting.body.job_id, status: 'cancelled', completed_at: expect.any(String) } });
    const running = await t.request(`/v1/jobs/${slow.body.job_id}/cancel`, { method: 'POST' });
    expect(running).toMatchObject({ status: 409, body: { error: { code: 'job_not_cancellable' } } });

    const callback = await t.callbackFor(waiting.body.job_id);
    expect(callback.body).toMatchObject({ job_id: waiting.body.job_id, status: 'cancelled', attempts: 0 });
    await t.callbackFor(slow.body.job_id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(t.stack.slack!.state.findByName('cancel-me')).toBeUndefined();
    expect(t.stack.slack!.stats().created['cancel-me']).toBeUndefined();
    const again = await t.request(`/v1/jobs/${waiting.body.job_id}/cancel`, { method: 'POST' });
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'job_not_cancellable' } } });
    expect((await t.request('/v1/jobs/no-such-job/cancel', { method: 'POST' })).status).toBe(404);
    t.stack.slack!.setFaults(undefined);
  });

  it('cancels what is still queued of a batch and closes it with a batch callback', async () => {
    t.stack.slack!.setFaults({ rate: 0, kinds: [], slowMs: 1_500 });
    t.stack.slack!.script('conversations.create', ['slow']);
    const jobs = Array.from({ length: 6 }, (_, i) => ({ method: 'conversations.create', args: { name: `batch-cancel-${i}` } }));
    const submitted = await t.request('/v1/jobs/batch', { body: { jobs, callback_url: t.inbox.url, batch_callback_url: t.inbox.url } });
    const { batch_id: batchId } = submitted.body;
    await eventually(async () => ((await t.request(`/v1/batches/${batchId}`)).body.counts.running === 1 ? true : undefined));
    const res = await t.request(`/v1/batches/${batchId}/cancel`, { method: 'POST' });
    expect(res).toMatchObject({ status: 200, body: { batch_id: batchId, cancelled: 5 } });
    const batchCallback = await t.callbackFor(batchId);
    expect(batchCallback.body).toMatchObject({ type: 'batch.completed', total: 6, counts: { succeeded: 1, failed: 0, cancelled: 5 } });
    expect(t.stack.slack!.stats().created['batch-cancel-5']).toBeUndefined();
    expect((await t.request('/v1/batches/no-such-batch/cancel', { method: 'POST' })).body.error.code).toBe('batch_not_found');
    t.stack.slack!.setFaults(undefined);
  });

  it('redelivers an ended job’s callback with the same webhook-id, and refuses one still running or without a URL', async () => {
    const job = await t.submit(info());
    const first = await t.callbackFor(job.body.job_id);
    const res = await t.request(`/v1/jobs/${job.body.job_id}/callback/redeliver`, { method: 'POST' });
    expect(res).toMatchObject({ status: 202, body: { job_id: job.body.job_id, callback: { status: 'pending' } } });
    await t.inbox.waitFor(() => (t.inbox.acknowledged().get(job.body.job_id) ?? []).length === 2);
    const [, second] = t.inbox.acknowledged().get(job.body.job_id)!;
    expect(second.body).toEqual(first.body);
    await eventually(async () => ((await t.request(`/v1/jobs/${job.body.job_id}`)).body.callback.attempts === 2 ? true : undefined));

    const silent = await t.request('/v1/jobs', { body: info() });
    const refused = await t.request(`/v1/jobs/${silent.body.job_id}/callback/redeliver`, { method: 'POST' });
    expect(refused).toMatchObject({ status: 409, body: { error: { code: 'callback_not_redeliverable' } } });
  });

  it('answers a repeated idempotency key with the job, not a new one, and refuses it for another request', async () => {
    const job = { method: 'conversations.create', args: { name: 'idem-ledger' }, idempotency_key: 'idem-ledger-1' };
    const first = await t.submit(job);
    await t.callbackFor(first.body.job_id);
    const repeat = await t.submit(job);
    expect(repeat).toMatchObject({ status: 200, body: { job_id: first.body.job_id, status: 'succeeded', method: 'conversations.create', duplicate: true } });
    const conflict = await t.submit({ ...job, args: { name: 'idem-ledger-other' } });
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict' } } });
    const batch = await t.request('/v1/jobs/batch', { body: { callback_url: t.inbox.url, jobs: [job, { ...job, idempotency_key: 'idem-ledger-2' }, { ...job, idempotency_key: 'idem-ledger-2' }] } });
    expect(batch.status).toBe(202);
    expect(batch.body.jobs[0]).toEqual({ job_id: first.body.job_id, status: 'succeeded', duplicate: true });
    expect(batch.body.jobs[2]).toEqual({ job_id: batch.body.jobs[1].job_id, status: 'queued', duplicate: true });
    const batchConflict = await t.request('/v1/jobs/batch', { body: { jobs: [{ ...job, args: { name: 'x-other' } }] } });
    expect(batchConflict).toMatchObject({ status: 409, body: { error: { details: [{ path: 'jobs[0].idempotency_key' }] } } });
    expect(t.stack.slack!.stats().created['idem-ledger']).toBe(1);
  });

  it('keeps a large paginated result whole: the API and the callback show the same full list', async () => {
    const submitted = await t.submit({ method: 'conversations.list', args: { types: 'public_channel,private_channel', limit: 50 }, paginate: true });
    const callback = await t.callbackFor(submitted.body.job_id);
    const job = await t.request(`/v1/jobs/${submitted.body.job_id}`);
    expect(JSON.stringify(job.body.result).length).toBeGreaterThan(64 * 1024); // stored compressed
    expect(job.body.result.channels.length).toBeGreaterThan(150);
    expect(job.body.result).toEqual(callback.body.result);
  });

  it('answers 400 for a bad cursor and 404 for an unknown batch', async () => {
    const submitted = await t.request('/v1/jobs/batch', { body: { jobs: [info()] } });
    const bad = await t.request(`/v1/batches/${submitted.body.batch_id}/jobs?cursor=bm90LWEtY3Vyc29y`);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', details: [{ path: 'cursor' }] } } });
    expect((await t.request('/v1/batches/nope')).body).toEqual({ error: { code: 'batch_not_found', message: expect.any(String) } });
  });
});

describe('a restart on the same data', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'scq-ledger-'));
  const env = { API_KEYS: 'restart-key', CALLBACK_SIGNING_SECRET: 'whsec_cmVzdGFydC1zZWNyZXQtZm9yLXRlc3Rz' };
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('resumes jobs that were never run, and remembers idempotency keys', async () => {
    // First life: jobs are accepted but no worker runs (as if the process died right after).
    const first = await startTestStack({ env, dataDir, workers: false });
    const submitted = await first.request('/v1/jobs/batch', {
      body: { callback_url: 'http://127.0.0.1:1/unused', jobs: Array.from({ length: 5 }, (_, i) => ({ method: 'conversations.create', args: { name: `resume-${i}` }, idempotency_key: `resume-${i}` })) },
    });
    expect(submitted.status).toBe(202);
    await first.stop();

    // Second life: the ledger puts them back on the queues.
    const second = await startTestStack({ env, dataDir });
    try {
      expect(second.stack.resumed).toEqual({ jobs: 5, callbacks: 0, batches: 1 });
      const ids = submitted.body.jobs.map((job: { job_id: string }) => job.job_id);
      const batch = await eventually(async () => {
        const res = await second.request(`/v1/batches/${submitted.body.batch_id}`);
        return res.body.done ? res.body : undefined;
      });
      expect(batch.counts.succeeded).toBe(5);
      for (let i = 0; i < 5; i += 1) expect(second.stack.slack!.stats().created[`resume-${i}`]).toBe(1);
      const repeat = await second.submit({ method: 'conversations.create', args: { name: 'resume-0' }, idempotency_key: 'resume-0', callback_url: 'http://127.0.0.1:1/unused' });
      expect(repeat).toMatchObject({ status: 200, body: { job_id: ids[0], status: 'succeeded', duplicate: true } });
    } finally {
      await second.stop();
    }
  });
});
