import { api, query } from '../api';
import { badge, fill, h, link, row, table } from '../dom';
import { shortId, when } from '../format';
import { POLL_MS, type Page } from '../page';
import type { JobView } from '../types';

const STATUSES = ['', 'queued', 'running', 'succeeded', 'failed', 'cancelled'];

const jobRow = (job: JobView) =>
  row(link(['jobs', job.job_id], shortId(job.job_id), 'mono'), job.workspace ?? '', job.method, badge(job.status), job.attempts, job.error?.code ?? '', when(job.enqueued_at), job.batch_id ? link(['batches', job.batch_id], shortId(job.batch_id), 'mono') : '');

/** Recent jobs, newest first, filtered by status, method and workspace (kept in the address). */
export const jobsPage = (params: URLSearchParams): Page => {
  const current = { status: params.get('status') ?? '', method: params.get('method') ?? '', workspace: params.get('workspace') ?? '' };
  const status = h('select', { attrs: { name: 'status' } }, STATUSES.map((value) => h('option', { attrs: { value, ...(value === current.status && { selected: '' }) } }, value || 'any status')));
  const method = h('input', { attrs: { name: 'method', placeholder: 'method, e.g. conversations.archive', value: current.method } });
  const workspace = h('input', { attrs: { name: 'workspace', placeholder: 'workspace', value: current.workspace } });
  const form = h('form', { class: 'filters' }, status, method, workspace, h('button', { class: 'primary', attrs: { type: 'submit' } }, 'Filter'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/jobs${query({ status: status.value, method: method.value.trim(), workspace: workspace.value.trim() })}`;
  });
  const list = h('div');
  const more = h('div');
  const element = h('div', null, h('h2', null, 'Jobs'), form, list, more);
  const rows: JobView[] = [];
  let cursor: string | undefined;
  let pagedOn = false;

  const render = () => {
    fill(list, table(['job', 'workspace', 'method', 'status', 'attempts', 'error', 'queued', 'batch'], rows.map(jobRow), 'No jobs match.'));
    fill(
      more,
      cursor &&
        h(
          'button',
          {
            attrs: { type: 'button' },
            on: {
              click: async () => {
                pagedOn = true;
                await load(cursor);
              },
            },
          },
          'Load more',
        ),
    );
  };
  const load = async (from?: string) => {
    const page = await api<{ jobs: JobView[]; next_cursor?: string }>(`/v1/jobs${query({ ...current, limit: 50, cursor: from })}`);
    if (from === undefined) rows.length = 0;
    rows.push(...page.jobs);
    cursor = page.next_cursor;
    render();
  };
  // Live while showing the first page; paging on stops it, so rows do not move under the reader.
  const refresh = async () => {
    if (!pagedOn) await load();
  };
  return { title: 'Jobs', element, refresh, pollMs: POLL_MS };
};
