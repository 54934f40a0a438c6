import { api, query } from '../api';
import { badge, fill, h, link, row, table } from '../dom';
import { duration, shortId, when } from '../format';
import { actionButton, notice, POLL_MS, type Page } from '../page';
import type { BatchView, JobView } from '../types';

const SEGMENTS = ['succeeded', 'failed', 'cancelled', 'running'] as const;

/** A stacked bar: succeeded, failed, cancelled and running shares of the total; widths set through CSSOM (the CSP allows no inline styles). */
export const progressBar = (batch: BatchView): HTMLElement => {
  const ended = batch.counts.succeeded + batch.counts.failed + batch.counts.cancelled;
  const bar = h('div', {
    class: 'progress',
    attrs: { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': String(batch.total), 'aria-valuenow': String(ended), 'data-test': 'progress' },
  });
  for (const segment of SEGMENTS) {
    const part = h('span', { class: `segment ${segment}`, attrs: { title: `${segment}: ${batch.counts[segment]}` } });
    part.style.width = `${batch.total === 0 ? 0 : (100 * batch.counts[segment]) / batch.total}%`;
    bar.appendChild(part);
  }
  return bar;
};

export const countsText = (batch: BatchView): string => {
  const { queued, running, succeeded, failed, cancelled } = batch.counts;
  return `${succeeded + failed + cancelled} / ${batch.total} ended · ${succeeded} ok · ${failed} failed · ${cancelled} cancelled · ${running} running · ${queued} queued`;
};

export const etaText = (batch: BatchView): string => (batch.done ? `done ${when(batch.completed_at)}` : batch.eta_seconds !== undefined ? `ETA ${duration(batch.eta_seconds * 1000)}` : '');

const cancelButton = (batch: BatchView, report: ReturnType<typeof notice>, after: () => Promise<void>) =>
  actionButton(
    'Cancel',
    async () => {
      const result = await api<{ cancelled: number }>(`/v1/batches/${encodeURIComponent(batch.batch_id)}/cancel`, { method: 'POST' });
      await after();
      return `Cancelled ${result.cancelled} queued job(s) of batch ${shortId(batch.batch_id)}.`;
    },
    report,
    { danger: true, confirm: `Cancel every queued job of batch ${batch.batch_id}?`, testId: 'cancel-batch' },
  );

/** Recent batches with progress and ETA, live. */
export const batchesPage = (): Page => {
  const status = notice();
  const list = h('div');
  const element = h('div', null, h('h2', null, 'Batches'), status.element, list);
  const refresh = async () => {
    const { batches } = await api<{ batches: BatchView[] }>('/v1/batches?limit=50');
    fill(
      list,
      table(
        ['batch', 'created', 'progress', '', ''],
        batches.map((batch) => {
          const tr = row(
            link(['batches', batch.batch_id], shortId(batch.batch_id), 'mono'),
            when(batch.created_at),
            h('div', null, progressBar(batch), h('small', { attrs: { 'data-test': 'counts' } }, countsText(batch))),
            h('small', null, etaText(batch)),
            batch.done ? badge('done') : cancelButton(batch, status, refresh),
          );
          tr.setAttribute('data-batch', batch.batch_id);
          return tr;
        }),
        'No batches yet.',
      ),
    );
  };
  return { title: 'Batches', element, refresh, pollMs: POLL_MS };
};

/** One batch: its progress, its callback, and its jobs (filterable by status). */
export const batchPage = (batchId: string, params: URLSearchParams): Page => {
  const status = notice();
  const summary = h('div');
  const jobs = h('div');
  const filter = params.get('status') ?? '';
  const filters = h(
    'p',
    { class: 'filters' },
    'Show: ',
    ['', 'queued', 'running', 'succeeded', 'failed', 'cancelled'].map((value) =>
      h('a', { class: value === filter ? 'current' : '', attrs: { href: `#/batches/${encodeURIComponent(batchId)}${value ? `?status=${value}` : ''}` } }, value || 'all'),
    ),
  );
  const element = h('div', null, h('h2', null, 'Batch ', h('span', { class: 'mono' }, batchId)), status.element, summary, h('h3', null, 'Jobs'), filters, jobs);
  const refresh = async () => {
    const id = encodeURIComponent(batchId);
    const [batch, members] = await Promise.all([
      api<BatchView>(`/v1/batches/${id}`),
      api<{ jobs: JobView[]; next_cursor?: string }>(`/v1/batches/${id}/jobs${query({ status: filter || undefined, limit: 200 })}`),
    ]);
    fill(
      summary,
      h('div', { class: 'card' }, progressBar(batch), h('p', { attrs: { 'data-test': 'counts' } }, countsText(batch)), h('p', null, etaText(batch), ` · created ${when(batch.created_at)}`),
        batch.callback && h('p', null, `Batch callback: ${batch.callback.status} (${batch.callback.attempts} attempt(s)) → ${batch.callback.url}`),
        !batch.done && cancelButton(batch, status, refresh)),
    );
    fill(
      jobs,
      table(
        ['job', 'method', 'status', 'attempts', 'error', 'ended'],
        members.jobs.map((job) => row(link(['jobs', job.job_id], shortId(job.job_id), 'mono'), job.method, badge(job.status), job.attempts, job.error?.code ?? '', when(job.completed_at))),
        'No jobs here.',
      ),
      members.next_cursor && h('p', { class: 'muted' }, 'Showing the first 200.'),
    );
  };
  return { title: `Batch ${shortId(batchId)}`, element, refresh, pollMs: POLL_MS };
};
