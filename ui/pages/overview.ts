import { api } from '../api';
import { fill, h, row, table } from '../dom';
import { duration, when } from '../format';
import { notice, POLL_MS, type Page } from '../page';
import type { GroupStat, Overview, QueueDepth } from '../types';

const stat = (label: string, value: string | number, testId: string, warn = false) =>
  h('div', { class: `stat${warn ? ' warn' : ''}`, attrs: { 'data-test': testId } }, h('span', { class: 'value' }, String(value)), h('span', { class: 'label' }, label));

const queueCard = (name: string, depth: QueueDepth) =>
  h(
    'section',
    { class: 'card', attrs: { 'data-test': `queue-${name}` } },
    h('h3', null, `${name} queue`),
    h('div', { class: 'stats' }, stat('waiting', depth.visible, `${name}-visible`), stat('in flight', depth.in_flight, `${name}-in-flight`), stat('dead letters', depth.dlq, `${name}-dlq`, depth.dlq > 0)),
  );

/** Calls in the last minute against the group's allowance, as a bar. */
const rateBar = (group: GroupStat) => {
  const meter = h('meter', { attrs: { min: '0', max: String(Math.max(1, group.limit_per_minute)), high: String(group.allowance_per_minute), value: String(group.calls_last_minute) } });
  return h('span', { class: 'rate' }, meter, ` ${group.calls_last_minute} / ${group.allowance_per_minute} (limit ${group.limit_per_minute})`);
};

const groupRows = (groups: GroupStat[]) =>
  groups.map((group) =>
    row(
      group.workspace,
      group.method,
      rateBar(group),
      h('span', { class: group.rate_limited_last_hour > 0 ? 'warn' : '' }, String(group.rate_limited_last_hour)),
      group.paused_until ? `until ${when(group.paused_until)}` : '—',
    ),
  );

/** Queues, jobs not yet ended and each pacing group, live. */
export const overviewPage = (): Page => {
  const body = h('div', { class: 'overview' });
  const status = notice();
  const updated = h('p', { class: 'muted' });
  const element = h('div', null, h('h2', null, 'Overview'), status.element, body, updated);

  const refresh = async () => {
    const overview = await api<Overview>('/v1/overview');
    status.clear();
    const oldest = overview.queues?.oldest_open_job_at;
    fill(
      body,
      overview.queues
        ? h('div', { class: 'cards' }, queueCard('jobs', overview.queues.jobs), queueCard('callbacks', overview.queues.callbacks))
        : h('p', { class: 'muted' }, 'Queue depths are shown to admin keys only.'),
      h(
        'section',
        { class: 'card' },
        h('h3', null, 'Jobs not yet ended'),
        h(
          'div',
          { class: 'stats' },
          stat('queued', overview.jobs.queued, 'jobs-queued'),
          stat('running', overview.jobs.running, 'jobs-running'),
          oldest && stat('oldest waiting', duration(Date.now() - Date.parse(oldest)), 'oldest-open'),
        ),
        overview.jobs.truncated && h('p', { class: 'muted' }, 'Counted over the oldest open jobs only: there are more.'),
      ),
      h(
        'section',
        { class: 'card' },
        h('h3', null, 'Pacing groups (workspace : method)'),
        overview.groups_unavailable && h('p', { class: 'notice error' }, 'Pacing figures are unavailable right now.'),
        table(['workspace', 'method', 'calls last minute / allowance', '429s last hour', 'paused'], groupRows(overview.groups), 'No calls in the last hour.'),
      ),
    );
    updated.textContent = `Updated ${new Date(overview.generated_at).toLocaleTimeString()} · refreshes every ${POLL_MS / 1000} s`;
  };
  return { title: 'Overview', element, refresh, pollMs: POLL_MS };
};
