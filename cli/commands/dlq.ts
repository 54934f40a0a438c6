import { type Command, InvalidArgumentError } from 'commander';
import type { ActionFactory, Context } from '../context';
import { EXIT_OK } from '../errors';
import { collect } from '../options';

export const DLQ_NAMES = ['jobs', 'callbacks'] as const;
export type DlqName = (typeof DLQ_NAMES)[number];

export const parseDlq = (value: string): DlqName => {
  if (!(DLQ_NAMES as readonly string[]).includes(value)) throw new InvalidArgumentError(`must be ${DLQ_NAMES.join(' or ')}`);
  return value as DlqName;
};

/** A dead-lettered message as GET /v1/dlq/{queue} lists it (only the fields shown are typed). */
interface DlqMessage {
  message_id?: string;
  kind?: string;
  job_id?: string;
  batch_id?: string;
  workspace?: string;
  method?: string;
  reason?: string;
  sent_at?: string;
  body_excerpt?: string;
}

/** The messages, whether the API answers `[…]` or `{"messages": […]}`. */
export const messagesOf = (answer: unknown): DlqMessage[] => {
  if (Array.isArray(answer)) return answer as DlqMessage[];
  const list = (answer as { messages?: unknown } | undefined)?.messages;
  return Array.isArray(list) ? (list as DlqMessage[]) : [];
};

/** The body of POST /v1/dlq/{queue}/redrive: every message, or only those named. */
export const redriveBody = (messageIds: readonly string[] | undefined): Record<string, unknown> =>
  messageIds !== undefined && messageIds.length > 0 ? { message_ids: [...messageIds] } : {};

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const printMessages = (context: Context, queue: DlqName, answer: unknown): void => {
  const messages = messagesOf(answer);
  const depth = (answer as { approximate_depth?: number } | undefined)?.approximate_depth;
  context.output.line(context.output.style('bold', `${queue} DLQ: ${depth ?? messages.length} message${(depth ?? messages.length) === 1 ? '' : 's'}${depth !== undefined && depth > messages.length ? ` (${messages.length} shown)` : ''}`));
  if (messages.length === 0) return;
  context.output.table(
    ['MESSAGE ID', 'KIND', 'JOB / BATCH', 'METHOD', 'REASON', 'SENT', 'BODY'],
    messages.map((m) => [m.message_id ?? '', m.kind ?? '', m.job_id ?? m.batch_id ?? '', m.method ?? '', m.reason ?? '', m.sent_at ?? '', clip(m.body_excerpt ?? '', 60)]),
  );
};

/** `scq dlq list [jobs|callbacks]`, `scq dlq redrive <jobs|callbacks> [--message-id ID …]`. */
export const registerDlq = (program: Command, action: ActionFactory): void => {
  const dlq = program.command('dlq').description('the dead-letter queues: list messages, redrive them');
  dlq
    .command('list', { isDefault: true })
    .description('list the messages of a DLQ, or of both (GET /v1/dlq/{queue})')
    .argument('[queue]', 'jobs or callbacks (default both)', parseDlq)
    .action(
      action(async (context, queue: DlqName | undefined) => {
        const queues = queue === undefined ? DLQ_NAMES : [queue];
        const answers: Partial<Record<DlqName, unknown>> = {};
        for (const name of queues) answers[name] = await context.client().get<unknown>(`/v1/dlq/${name}`);
        if (context.output.json) context.output.document(queue === undefined ? answers : answers[queue]);
        else for (const name of queues) printMessages(context, name, answers[name]);
        return EXIT_OK;
      }),
    );
  dlq
    .command('redrive')
    .description('move messages of a DLQ back to their queue (POST /v1/dlq/{queue}/redrive)')
    .argument('<queue>', 'jobs or callbacks', parseDlq)
    .option('--message-id <id>', 'only this message (repeatable; default every message)', collect)
    .action(
      action(async (context, queue: DlqName, options: { messageId?: string[] }) => {
        const answer = await context.client().post<Record<string, unknown>>(`/v1/dlq/${queue}/redrive`, redriveBody(options.messageId));
        if (context.output.json) context.output.document(answer);
        else {
          const { redriven, skipped, not_found: notFound } = (answer ?? {}) as { redriven?: number; skipped?: number; not_found?: string[] };
          context.output.line(
            `${queue} DLQ: ${redriven ?? 0} message${redriven === 1 ? '' : 's'} sent back to the queue` +
              `${skipped ? `, ${skipped} skipped (their job or batch has expired)` : ''}${notFound?.length ? `, not found: ${notFound.join(', ')}` : ''}`,
          );
        }
        return EXIT_OK;
      }),
    );
};
