import { randomUUID } from 'node:crypto';
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { InvalidRequestError } from '../jobs/errors';
import { messageGroupId } from '../jobs/jobMessage';
import type { Access } from '../workspaces/access';
import { canSee } from './access';
import { describeDeadLetter, type DlqEntry, type DlqMessageView } from './dlqMessage';
import { DlqMessageNotFoundError } from './errors';
import { parseDlqQuery } from './listQuery';
import type { QueueDirectory } from './queues';
import type { OpsDeps, QueueName } from './types';

/** Dead letters looked at per request: a DLQ is for inspection, not bulk storage. */
export const DLQ_PEEK_MAX = 100;
/** How long a peeked message stays hidden if releasing it fails; released at once otherwise. */
const PEEK_VISIBILITY_SECONDS = 10;
/**
 * A redrive or delete holds what it read this long, and stops acting a margin before: its receipts
 * must stay valid, or a concurrent look would read (and redrive) the same messages.
 */
const ACT_VISIBILITY_SECONDS = 120;
const ACT_MARGIN_MS = 20_000;
/** Short polls that may come back empty (SQS samples servers) before a queue counts as read. */
const EMPTY_RECEIVES = 2;
const MAX_RECEIVES = 20;

type Deps = Pick<OpsDeps, 'sqs' | 'ledger'>;

/**
 * Receives up to `max` messages, each once (by MessageId), hidden for a short while. A FIFO DLQ
 * hands out at most one receive's worth (10) per message group until they are released.
 */
const peek = async (sqs: SQSClient, url: string, max: number, visibilitySeconds: number): Promise<Message[]> => {
  const seen = new Map<string, Message>();
  let empty = 0;
  for (let receives = 0; receives < MAX_RECEIVES && seen.size < max && empty < EMPTY_RECEIVES; receives += 1) {
    const output = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(10, max - seen.size),
        VisibilityTimeout: visibilitySeconds,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = (output.Messages ?? []).filter((message) => message.MessageId !== undefined && !seen.has(message.MessageId));
    if (fresh.length === 0) empty += 1;
    for (const message of fresh) seen.set(message.MessageId as string, message);
  }
  return [...seen.values()];
};

/** Makes peeked messages visible again at once, so the next look (or a redrive) sees them. */
const release = async (sqs: SQSClient, url: string, messages: Message[]): Promise<void> => {
  for (let i = 0; i < messages.length; i += 10) {
    const entries = messages.slice(i, i + 10).map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 }));
    try {
      await sqs.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: url, Entries: entries }));
    } catch {
      // A message not released reappears after PEEK_VISIBILITY_SECONDS anyway.
    }
  }
};

/** Peeks, describes, runs `act` on what was read, then releases whatever `act` did not remove. */
const withDeadLetters = async <T>(
  queue: QueueName,
  deps: Deps,
  queues: QueueDirectory,
  act: (entries: DlqEntry[], url: string, holdUntil: number) => Promise<{ result: T; removed: Set<string> }>,
  visibilitySeconds = ACT_VISIBILITY_SECONDS,
) => {
  const url = await queues.dlq(queue);
  const holdUntil = Date.now() + visibilitySeconds * 1000 - ACT_MARGIN_MS;
  const messages = await peek(deps.sqs, url, DLQ_PEEK_MAX, visibilitySeconds);
  try {
    const entries = await Promise.all(messages.map((message) => describeDeadLetter(queue, message, deps.ledger)));
    const { result, removed } = await act(entries, url, holdUntil);
    await release(deps.sqs, url, messages.filter((message) => !removed.has(message.MessageId as string)));
    return result;
  } catch (error) {
    await release(deps.sqs, url, messages);
    throw error;
  }
};

const oldestFirst = (a: DlqMessageView, b: DlqMessageView) => a.sent_at.localeCompare(b.sent_at);

/** `GET /v1/dlq/{queue}`: the dead letters the key may see, oldest first, with why each is there. */
export const listDeadLetters = async (queue: QueueName, access: Access, query: Record<string, string | undefined>, deps: Deps, queues: QueueDirectory) => {
  const { limit } = parseDlqQuery(query, DLQ_PEEK_MAX);
  const [views, depth] = await Promise.all([
    withDeadLetters(queue, deps, queues, async (entries) => ({
      result: entries.map((entry) => entry.view).filter((view) => canSee(access, view.workspace)).sort(oldestFirst),
      removed: new Set<string>(),
    }), PEEK_VISIBILITY_SECONDS),
    // A DLQ's depth counts every workspace's messages: admin keys only.
    access.kind === 'admin' ? queues.depth(queue) : undefined,
  ]);
  return { queue, approximate_depth: depth?.dlq ?? views.length, messages: views.slice(0, limit) };
};

const redriveSchema = z.strictObject({ message_ids: z.array(z.string().min(1).max(128)).min(1).max(DLQ_PEEK_MAX).optional() });

/** The optional body of a redrive: `{"message_ids": [...]}`; none means every message the key may see. */
export const parseRedriveBody = (rawBody: string): { message_ids?: string[] } => {
  if (rawBody.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(rawBody);
  } catch (error) {
    throw new InvalidRequestError('Request body is not valid JSON', [{ path: '', message: 'must be a JSON object' }], { cause: error });
  }
  const parsed = redriveSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidRequestError('Invalid redrive request', parsed.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.join('.'), message: issue.message.slice(0, 200) })));
  }
  return parsed.data;
};

/** The message that puts a dead letter back on its queue: a job keeps its group, with a fresh deduplication ID. */
const sendBack = (queue: QueueName, entry: DlqEntry, url: string) => {
  const body = entry.message.Body ?? '';
  if (queue === 'callbacks') return new SendMessageCommand({ QueueUrl: url, MessageBody: body });
  const { workspace, method, job_id: jobId } = entry.view;
  const group = workspace !== undefined && method !== undefined ? messageGroupId({ workspace, method }) : (entry.message.Attributes?.MessageGroupId ?? 'redriven');
  // FIFO drops a deduplication ID it saw in the last 5 minutes: the first send's (the job ID) must not match.
  const dedup = `${(jobId ?? entry.view.message_id).slice(0, 80)}:redrive:${randomUUID()}`;
  return new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: group, MessageDeduplicationId: dedup });
};

/**
 * `POST /v1/dlq/{queue}/redrive`: sends dead letters back to the queue they came from, then
 * deletes them from the DLQ (sent first: a crash in between leaves a duplicate, which the ledger's
 * conditional writes make harmless, never a loss). A callback is owed again in the ledger first,
 * since the worker delivers only owed callbacks; one whose job or batch has expired stays put.
 */
export const redriveDeadLetters = async (queue: QueueName, access: Access, request: { message_ids?: string[] }, deps: Deps, queues: QueueDirectory) => {
  const wanted = request.message_ids === undefined ? undefined : new Set(request.message_ids);
  const target = queues.source(queue);
  return withDeadLetters(queue, deps, queues, async (entries, dlqUrl, holdUntil) => {
    const removed = new Set<string>();
    let skipped = 0;
    for (const entry of entries) {
      // Past the hold, a receipt may be stale: the rest stays for the next redrive.
      if (Date.now() > holdUntil) break;
      const id = entry.view.message_id;
      if ((wanted && !wanted.has(id)) || !canSee(access, entry.view.workspace)) continue;
      if (entry.callback && !(await owedAgain(entry.callback, deps))) {
        skipped += 1;
        continue;
      }
      await deps.sqs.send(sendBack(queue, entry, target));
      await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: entry.message.ReceiptHandle }));
      removed.add(id);
    }
    const missing = wanted ? [...wanted].filter((id) => !removed.has(id) && !entries.some((entry) => entry.view.message_id === id && canSee(access, entry.view.workspace))) : [];
    return { result: { redriven: removed.size, ...(skipped > 0 && { skipped }), ...(missing.length > 0 && { not_found: missing }) }, removed };
  });
};

/** Only a callback whose delivery failed is owed again: one delivered since (a redeliver) must not go out twice. */
const owedAgain = (callback: { kind: 'job' | 'batch'; id: string }, deps: Deps): Promise<boolean> =>
  callback.kind === 'job' ? deps.ledger.jobs.reopenCallback(callback.id, { onlyIfFailed: true }) : deps.ledger.operator.reopenBatchCallback(callback.id);

/** `DELETE /v1/dlq/{queue}/messages/{message_id}`: drops one dead letter for good. */
export const deleteDeadLetter = async (queue: QueueName, messageId: string, access: Access, deps: Deps, queues: QueueDirectory) =>
  withDeadLetters(queue, deps, queues, async (entries, dlqUrl) => {
    const entry = entries.find((candidate) => candidate.view.message_id === messageId && canSee(access, candidate.view.workspace));
    if (!entry) throw new DlqMessageNotFoundError(messageId);
    await deps.sqs.send(new DeleteMessageCommand({ QueueUrl: dlqUrl, ReceiptHandle: entry.message.ReceiptHandle }));
    return { result: { deleted: true as const }, removed: new Set([messageId]) };
  });
