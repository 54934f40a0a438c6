import { z } from 'zod';
import { argsSchemaOf, isRunnableMethod } from './methods';
import type { JobSpec } from '../ledger/records';
import type { JobMessage } from './types';

/** A job's queue message, from what the ledger holds. */
export const toJobMessage = (spec: JobSpec, previousAttempts?: number): JobMessage => ({
  ...(spec as Omit<JobMessage, 'v'>),
  v: 1,
  ...(previousAttempts !== undefined && previousAttempts > 0 && { previous_attempts: previousAttempts }),
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
  raw: z.literal(true).optional(),
  batch_id: z.string().optional(),
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
  if (!isRunnableMethod(job.method)) {
    throw new PoisonMessageError(`unknown method ${job.method}`, job as Partial<JobMessage>);
  }
  const args = argsSchemaOf(job.method).safeParse(job.args);
  if (!args.success) throw new PoisonMessageError(`invalid args for ${job.method}`, job as Partial<JobMessage>);
  return { ...job, method: job.method, args: args.data } as JobMessage;
};
