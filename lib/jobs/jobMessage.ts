import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isSupportedMethod } from '../operations/methods';
import { ARGS_SCHEMAS } from '../operations/schemas';
import type { JobMessage, JobRequest } from './types';

/** A UUID derived from the key, so that the same key always names the same job in a workspace. */
const uuidFromKey = (workspace: string, key: string): string => {
  const hex = createHash('sha256').update(`${workspace}\n${key}`).digest('hex');
  // RFC 9562 version 8 (custom) layout: set the version and variant bits.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

export const jobIdFor = (workspace: string, idempotencyKey?: string): string =>
  idempotencyKey === undefined ? randomUUID() : uuidFromKey(workspace, idempotencyKey);

export const toJobMessage = (request: JobRequest, workspace: string, now: Date): JobMessage => ({
  v: 1,
  job_id: jobIdFor(workspace, request.idempotency_key),
  workspace,
  enqueued_at: now.toISOString(),
  ...request,
});

/** Slack's rate-limit domain: FIFO delivers one batch of a group at a time. */
export const messageGroupId = (job: { workspace: string; method: string }): string => `${job.workspace}:${job.method}`;

/**
 * The SQS entry for a job. The first message's deduplication ID is the job ID (a repeated
 * idempotency key is dropped by FIFO); a retry's adds its attempt, so it is not taken for a repeat.
 */
export const jobQueueEntry = (job: JobMessage) => ({
  MessageBody: JSON.stringify(job),
  MessageGroupId: messageGroupId(job),
  MessageDeduplicationId: job.previous_attempts ? `${job.job_id}:${job.previous_attempts}` : job.job_id,
});

const jobMessageSchema = z.object({
  v: z.literal(1),
  job_id: z.string().min(1),
  workspace: z.string().min(1),
  enqueued_at: z.string(),
  method: z.string(),
  args: z.record(z.string(), z.unknown()),
  callback_url: z.string().optional(),
  idempotency_key: z.string().optional(),
  paginate: z.boolean().optional(),
  max_items: z.number().int().positive().optional(),
  previous_attempts: z.number().int().min(0).optional(),
  not_before: z.string().optional(),
});

export class PoisonMessageError extends Error {
  constructor(
    message: string,
    /** What could be read of the job, so that a failure callback can still be sent. */
    readonly partial?: Partial<JobMessage>,
  ) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

/** Reads a queued job; anything the API would not have produced is a PoisonMessageError. */
export const parseJobMessage = (body: string): JobMessage => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    throw new PoisonMessageError('message body is not JSON');
  }
  const parsed = jobMessageSchema.safeParse(raw);
  if (!parsed.success) throw new PoisonMessageError(`message is not a job: ${parsed.error.issues[0].message}`);
  const job = parsed.data;
  if (!isSupportedMethod(job.method)) {
    throw new PoisonMessageError(`unknown method ${job.method}`, job as Partial<JobMessage>);
  }
  const args = ARGS_SCHEMAS[job.method].safeParse(job.args);
  if (!args.success) throw new PoisonMessageError(`invalid args for ${job.method}`, job as Partial<JobMessage>);
  return { ...job, method: job.method, args: args.data } as JobMessage;
};
