import type { Message } from '@aws-sdk/client-sqs';
import type { Ledger } from '../ledger/ledger';
import type { QueueName } from './types';
import type { DlqMessageView } from './dlqView';

/** Excerpts of a message body are clipped to this many characters. */
export const EXCERPT_CHARS = 200;

export type { DlqMessageView };


/** What a dead letter is about, and the message to send back on redrive. */
export interface DlqEntry {
  message: Message;
  view: DlqMessageView;
  /** Whose callback, for a callbacks DLQ message (redrive owes it again in the ledger first). */
  callback?: { kind: 'job' | 'batch'; id: string };
}

const parse = (body: string): Record<string, unknown> | undefined => {
  try {
    const value = JSON.parse(body) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
};

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value.slice(0, 128) : undefined);

/**
 * Reads a dead letter. A job message carries its workspace and method; a callback message names
 * only whose callback it is, so those come from the ledger (absent when the record expired).
 */
export const describeDeadLetter = async (queue: QueueName, message: Message, ledger: Ledger): Promise<DlqEntry> => {
  const body = message.Body ?? '';
  const sentMs = Number(message.Attributes?.SentTimestamp ?? 0);
  const base = {
    message_id: message.MessageId ?? '',
    ...(message.MessageAttributes?.reason?.StringValue !== undefined && { reason: message.MessageAttributes.reason.StringValue.slice(0, 256) }),
    sent_at: new Date(Number.isFinite(sentMs) ? sentMs : 0).toISOString(),
    receive_count: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    body_excerpt: body.slice(0, EXCERPT_CHARS),
  };
  const parsed = parse(body);
  if (queue === 'jobs') {
    if (!parsed) return { message, view: { ...base, kind: 'unreadable' } };
    const details = { job_id: text(parsed.job_id), batch_id: text(parsed.batch_id), workspace: text(parsed.workspace), method: text(parsed.method) };
    return { message, view: { ...base, kind: 'job', ...defined(details) } };
  }
  const kind = parsed?.kind;
  const id = text(parsed?.id);
  if ((kind !== 'job' && kind !== 'batch') || id === undefined) return { message, view: { ...base, kind: 'unreadable' } };
  if (kind === 'job') {
    const job = await ledger.jobs.get(id, { withResult: false });
    const details = { job_id: id, batch_id: job?.batch_id, workspace: job?.workspace, method: job?.method };
    return { message, view: { ...base, kind: 'job_callback', ...defined(details) }, callback: { kind, id } };
  }
  const batch = await ledger.batches.get(id);
  return { message, view: { ...base, kind: 'batch_callback', ...defined({ batch_id: id, workspace: batch?.workspace }) }, callback: { kind, id } };
};

const defined = <T extends Record<string, unknown>>(value: T): Partial<T> =>
  Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
