import { api } from '../api';
import { badge, fill, h, jsonBlock, link, row, table } from '../dom';
import { between, when } from '../format';
import { actionButton, notice, POLL_MS, type Page } from '../page';
import type { JobView } from '../types';

const ENDED = ['succeeded', 'failed', 'cancelled'];

const timeline = (job: JobView) =>
  table(
    ['step', 'at', 'after'],
    [
      row('queued', when(job.enqueued_at), ''),
      job.started_at && row('started', when(job.started_at), between(job.enqueued_at, job.started_at)),
      job.completed_at && row(job.status, when(job.completed_at), between(job.started_at ?? job.enqueued_at, job.completed_at)),
      job.callback?.delivered_at && row('callback delivered', when(job.callback.delivered_at), between(job.completed_at, job.callback.delivered_at)),
    ].filter((entry): entry is HTMLTableRowElement => Boolean(entry)),
    '',
  );

const callbackSection = (job: JobView) => {
  const callback = job.callback;
  if (!callback) return h('p', { class: 'muted' }, 'No callback_url: nothing is delivered.');
  return h(
    'dl',
    { attrs: { 'data-test': 'callback' } },
    h('dt', null, 'URL'),
    h('dd', { class: 'mono' }, callback.url),
    h('dt', null, 'Delivery'),
    h('dd', null, badge(callback.status), h('span', { attrs: { 'data-test': 'callback-attempts' } }, ` ${callback.attempts} attempt(s)`)),
    callback.last_status !== undefined && [h('dt', null, 'Last answer'), h('dd', null, `HTTP ${callback.last_status}`)],
    callback.last_error && [h('dt', null, 'Last error'), h('dd', null, callback.last_error)],
    callback.delivered_at && [h('dt', null, 'Delivered'), h('dd', null, when(callback.delivered_at))],
  );
};

/** One job: args, attempts, timeline, result or error, and its callback, with Redeliver and Cancel. */
export const jobPage = (jobId: string): Page => {
  const status = notice();
  const body = h('div');
  const actions = h('p', { class: 'actions' });
  const element = h('div', null, h('h2', null, 'Job ', h('span', { class: 'mono' }, jobId)), status.element, actions, body);
  const id = encodeURIComponent(jobId);
  let shownActions = '';

  const refresh = async () => {
    const job = await api<JobView>(`/v1/jobs/${id}`);
    // Buttons are rebuilt only when what they may do changes, so a click is never lost to a refresh.
    const actionState = `${job.status}|${job.callback ? 'cb' : ''}`;
    if (actionState !== shownActions) {
      shownActions = actionState;
      fill(
        actions,
        job.status === 'queued' &&
          actionButton(
            'Cancel job',
            async () => {
              await api(`/v1/jobs/${id}/cancel`, { method: 'POST' });
              await refresh();
              return 'Cancelled.';
            },
            status,
            { danger: true, confirm: 'Cancel this job? It will never reach Slack.', testId: 'cancel-job' },
          ),
        job.callback &&
          ENDED.includes(job.status) &&
          actionButton(
            'Redeliver callback',
            async () => {
              await api(`/v1/jobs/${id}/callback/redeliver`, { method: 'POST' });
              await refresh();
              return 'Callback queued for delivery again (same webhook-id).';
            },
            status,
            { testId: 'redeliver' },
          ),
      );
    }
    fill(
      body,
      h(
        'dl',
        { class: 'summary' },
        h('dt', null, 'Status'),
        h('dd', { attrs: { 'data-test': 'job-status' } }, badge(job.status), job.already_done && ` (already done: ${job.already_done})`),
        h('dt', null, 'Method'),
        h('dd', null, job.method),
        job.workspace && [h('dt', null, 'Workspace'), h('dd', null, job.workspace)],
        h('dt', null, 'Attempts'),
        h('dd', null, String(job.attempts)),
        job.batch_id && [h('dt', null, 'Batch'), h('dd', null, link(['batches', job.batch_id], job.batch_id, 'mono'))],
        job.idempotency_key && [h('dt', null, 'Idempotency key'), h('dd', { class: 'mono' }, job.idempotency_key)],
      ),
      job.error && h('section', { class: 'card error', attrs: { 'data-test': 'job-error' } }, h('h3', null, 'Error'), h('p', null, h('strong', { class: 'mono' }, job.error.code), ` ${job.error.message}`)),
      job.last_error && h('section', { class: 'card' }, h('h3', null, 'Last transient error (will retry)'), h('p', null, `${job.last_error.code}: ${job.last_error.message}`)),
      h('section', { class: 'card' }, h('h3', null, 'Timeline'), timeline(job)),
      h('section', { class: 'card' }, h('h3', null, 'Callback'), callbackSection(job)),
      h('section', { class: 'card' }, h('h3', null, 'Arguments'), jsonBlock(job.args ?? {})),
      job.progress && h('section', { class: 'card' }, h('h3', null, 'Progress'), jsonBlock(job.progress)),
      job.result !== undefined && h('section', { class: 'card' }, h('h3', null, 'Result'), jsonBlock(job.result)),
    );
  };
  return { title: `Job ${jobId.slice(0, 8)}`, element, refresh, pollMs: POLL_MS };
};
