import { api } from '../api';
import { fill, h, link, row, table } from '../dom';
import { shortId, when } from '../format';
import { actionButton, notice, type Page } from '../page';
import type { DeadLetter } from '../types';

const QUEUES = ['jobs', 'callbacks'] as const;

const subject = (message: DeadLetter) =>
  message.job_id ? link(['jobs', message.job_id], shortId(message.job_id), 'mono') : message.batch_id ? link(['batches', message.batch_id], shortId(message.batch_id), 'mono') : '—';

/**
 * Both dead-letter queues: each message with why it is there, to redrive or delete. Not polled:
 * a look receives the messages (and counts as a receive), so it happens when asked.
 */
export const dlqPage = (): Page => {
  const status = notice();
  const sections = Object.fromEntries(QUEUES.map((queue) => [queue, h('section', { class: 'card', attrs: { 'data-test': `dlq-${queue}` } })])) as Record<(typeof QUEUES)[number], HTMLElement>;
  const reload = h('button', { attrs: { type: 'button' } }, 'Refresh');
  const element = h('div', null, h('h2', null, 'Dead letters'), h('p', { class: 'actions' }, reload), status.element, sections.jobs, sections.callbacks);

  const show = async (queue: (typeof QUEUES)[number]) => {
    const dlq = await api<{ approximate_depth: number; messages: DeadLetter[] }>(`/v1/dlq/${queue}`);
    const act = (label: string, run: () => Promise<string>, options: { danger?: boolean; confirm?: string; testId: string }) =>
      actionButton(
        label,
        async () => {
          const done = await run();
          await show(queue);
          return done;
        },
        status,
        options,
      );
    const redrive = (ids?: string[]) => async () => {
      const result = await api<{ redriven: number; skipped?: number }>(`/v1/dlq/${queue}/redrive`, { method: 'POST', body: ids ? { message_ids: ids } : {} });
      return `Redriven: ${result.redriven}${result.skipped ? `; ${result.skipped} skipped (their job or batch has expired)` : ''}.`;
    };
    fill(
      sections[queue],
      h('h3', null, `${queue} DLQ · ${dlq.approximate_depth} message(s)`),
      dlq.messages.length > 0 && h('p', { class: 'actions' }, act('Redrive all shown', redrive(dlq.messages.map((m) => m.message_id)), {
          confirm: `Send all ${dlq.messages.length} dead letters back to the ${queue} queue? Their jobs run (or callbacks go out) again.`,
          testId: `redrive-all-${queue}`,
        })),
      table(
        ['message', 'kind', 'job / batch', 'workspace', 'method', 'reason', 'sent', 'receives', 'body', ''],
        dlq.messages.map((message) => {
          const tr = row(
            h('span', { class: 'mono' }, shortId(message.message_id)),
            message.kind,
            subject(message),
            message.workspace ?? '—',
            message.method ?? '—',
            message.reason ?? 'received too many times (redrive policy)',
            when(message.sent_at),
            message.receive_count,
            h('code', { class: 'excerpt' }, message.body_excerpt),
            h(
              'span',
              { class: 'buttons' },
              act('Redrive', redrive([message.message_id]), { confirm: `Send this message back to the ${queue} queue?`, testId: 'redrive' }),
              act(
                'Delete',
                async () => {
                  await api(`/v1/dlq/${queue}/messages/${encodeURIComponent(message.message_id)}`, { method: 'DELETE' });
                  return 'Deleted.';
                },
                { danger: true, confirm: 'Delete this message for good?', testId: 'delete' },
              ),
            ),
          );
          tr.setAttribute('data-message', message.message_id);
          return tr;
        }),
        'Empty.',
      ),
    );
  };
  const refresh = async () => {
    await Promise.all(QUEUES.map(show));
  };
  reload.addEventListener('click', () => {
    status.clear();
    refresh().catch((error: Error) => status.show(error.message));
  });
  return { title: 'Dead letters', element, refresh };
};
