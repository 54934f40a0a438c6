import { z } from 'zod';
import { entryOf, isJobMethod, isPaginated } from '../catalogue/catalogue';
import { checkCallbackUrl, type CallbackUrlPolicy } from '../callbacks/urlPolicy';
import type { ErrorDetail } from './errors';
import { findUnsafeStrings } from './queueSafe';
import { BATCH_MAX_JOBS, IDEMPOTENCY_KEY_MAX, MAX_ITEMS_LIMIT } from './constants';
import type { JobRequest } from './types';
import { WORKSPACE_ID_MESSAGE, WORKSPACE_ID_PATTERN } from '../workspaces/access';

export type Validated<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

/** An idempotency key, the same rule wherever one is taken. */
export const idempotencyKeySchema = z
  .string({ error: 'must be a string' })
  .min(1, 'must not be empty')
  .max(IDEMPOTENCY_KEY_MAX, `must be at most ${IDEMPOTENCY_KEY_MAX} characters`)
  .regex(/^[\x20-\x7E]+$/, 'must be printable ASCII');

const workspaceField = z.string({ error: 'must be a string' }).regex(WORKSPACE_ID_PATTERN, WORKSPACE_ID_MESSAGE);

const jobEnvelope = z.strictObject({
  method: z.string({ error: 'is required' }),
  workspace: workspaceField.optional(),
  args: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  callback_url: z.string({ error: 'must be a string' }).optional(),
  idempotency_key: idempotencyKeySchema.optional(),
  paginate: z.boolean({ error: 'must be true or false' }).optional(),
  max_items: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(MAX_ITEMS_LIMIT, `must be at most ${MAX_ITEMS_LIMIT}`)
    .optional(),
});

const batchEnvelope = z.strictObject({
  jobs: z
    .array(z.unknown(), { error: 'must be a list of jobs' })
    .min(1, 'needs at least 1 job')
    .max(BATCH_MAX_JOBS, `takes at most ${BATCH_MAX_JOBS} jobs`),
  callback_url: z.string({ error: 'must be a string' }).optional(),
  batch_callback_url: z.string({ error: 'must be a string' }).optional(),
  workspace: workspaceField.optional(),
});

const formatPath = (prefix: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, prefix);

/** At most this many details in one error response, whatever the request's size (a batch included). */
export const DETAILS_MAX = 20;
/** Unknown fields of one object named one by one; the rest are counted in one more detail. */
const UNKNOWN_KEYS_SHOWN = 3;
const PATH_MAX = 200;
const MESSAGE_MAX = 200;
/** The listed details' JSON stays under this many bytes, so the whole response is a few KB. */
const DETAILS_BYTES_MAX = 4096;

const clip = (text: string, max: number): string => {
  if (text.length <= max) return text;
  // Do not cut a surrogate pair in two.
  const end = /[\uD800-\uDBFF]/.test(text[max - 2]) ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
};

/**
 * The details of one failed request: the first DETAILS_MAX (clipped, within a byte budget) are kept,
 * the rest only counted, so the error's size and cost are bounded whatever the input holds.
 */
export class DetailList {
  private readonly kept: ErrorDetail[] = [];
  private bytes = 0;
  private omitted = 0;
  private unchecked = 0;

  add(path: string, message: string): void {
    const detail = { path: clip(path, PATH_MAX), message: clip(message, MESSAGE_MAX) };
    const size = Buffer.byteLength(JSON.stringify(detail));
    if (this.kept.length >= DETAILS_MAX || this.bytes + size > DETAILS_BYTES_MAX) {
      this.omitted += 1;
      return;
    }
    this.kept.push(detail);
    this.bytes += size;
  }

  addAll(details: readonly ErrorDetail[]): void {
    for (const { path, message } of details) this.add(path, message);
  }

  /** One detail per problem of a zod error; an object's unknown fields beyond a few are summed up. */
  addZodError(error: z.ZodError, prefix = ''): void {
    for (const issue of error.issues) {
      if (issue.code !== 'unrecognized_keys') {
        this.add(formatPath(prefix, issue.path), issue.message);
        continue;
      }
      for (const key of issue.keys.slice(0, UNKNOWN_KEYS_SHOWN)) this.add(formatPath(prefix, [...issue.path, key]), 'is not a known field');
      const more = issue.keys.length - UNKNOWN_KEYS_SHOWN;
      if (more > 0) this.add(formatPath(prefix, issue.path), `has ${more} more unknown field${more === 1 ? '' : 's'}`);
    }
  }

  /** Problems found so far, the counted ones included. */
  get count(): number {
    return this.kept.length + this.omitted;
  }

  /** No further detail would be listed, so a caller with more to check may stop. */
  get full(): boolean {
    return this.kept.length >= DETAILS_MAX || this.omitted > 0;
  }

  /** Notes batch items left unchecked once the list was full. */
  leaveUnchecked(jobs: number): void {
    this.unchecked += jobs;
  }

  /** The kept details, and one saying how much more was left out. */
  list(): ErrorDetail[] {
    const more = [
      this.omitted > 0 ? `${this.omitted} more problem${this.omitted === 1 ? '' : 's'} not listed` : '',
      this.unchecked > 0 ? `${this.unchecked} more job${this.unchecked === 1 ? '' : 's'} not checked` : '',
    ].filter(Boolean);
    return more.length === 0 ? [...this.kept] : [...this.kept, { path: '', message: more.join('; ') }];
  }
}

/** Caps a list of details (see DetailList). */
export const capDetails = (details: readonly ErrorDetail[]): ErrorDetail[] => {
  const list = new DetailList();
  list.addAll(details);
  return list.list();
};

export const zodDetails = (error: z.ZodError, prefix = ''): ErrorDetail[] => {
  const list = new DetailList();
  list.addZodError(error, prefix);
  return list.list();
};

/** Checks one job into `details`; returns the normalised job only when it added no detail. */
const checkJob = (input: unknown, policy: CallbackUrlPolicy, details: DetailList, prefix: string, defaultCallbackUrl?: string): JobRequest | undefined => {
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  const envelope = jobEnvelope.safeParse(input);
  if (!envelope.success) {
    details.addZodError(envelope.error, prefix);
    return undefined;
  }
  const { method, args = {}, paginate, max_items: maxItems, idempotency_key: idempotencyKey } = envelope.data;
  const callbackUrl = envelope.data.callback_url ?? defaultCallbackUrl;

  if (!isJobMethod(method)) {
    details.add(join('method'), 'must be a conversations.* method of the catalogue (see the README’s methods table)');
    return undefined;
  }
  const before = details.count;
  let checkedArgs = args;
  if ('token' in args) {
    // Tokens live server-side only: never accepted from a caller, never queued. Checked without it,
    // so it is not also reported as an unknown field.
    details.add(join('args.token'), 'is not accepted: the Slack token is configured on the server');
    const { token: _token, ...rest } = args;
    checkedArgs = rest;
  }
  const parsedArgs = entryOf(method).args.safeParse(checkedArgs);
  if (!parsedArgs.success) details.addZodError(parsedArgs.error, join('args'));
  if (paginate !== undefined && !isPaginated(method)) {
    details.add(join('paginate'), `is only for methods that page (${method} does not)`);
  }
  if (maxItems !== undefined && paginate !== true) {
    details.add(join('max_items'), 'needs paginate: true');
  }
  if (callbackUrl !== undefined) {
    const reason = checkCallbackUrl(callbackUrl, policy);
    if (reason) details.add(join('callback_url'), reason);
  }
  if (details.count > before || !parsedArgs.success) return undefined;

  return {
    method,
    args: parsedArgs.data as Record<string, unknown>,
    ...(callbackUrl !== undefined && { callback_url: callbackUrl }),
    ...(idempotencyKey !== undefined && { idempotency_key: idempotencyKey }),
    ...(paginate !== undefined && { paginate }),
    ...(maxItems !== undefined && { max_items: maxItems }),
    ...(envelope.data.workspace !== undefined && { workspace: envelope.data.workspace }),
  };
};

/**
 * Validates one job: first that every string can go on the queue, then the envelope, then the
 * method's own argument schema.
 */
export const validateJob = (input: unknown, policy: CallbackUrlPolicy, prefix = '', defaultCallbackUrl?: string): Validated<JobRequest> => {
  const details = new DetailList();
  details.addAll(findUnsafeStrings(input, prefix));
  if (details.count > 0) return { ok: false, details: details.list() };
  const value = checkJob(input, policy, details, prefix, defaultCallbackUrl);
  return value === undefined ? { ok: false, details: details.list() } : { ok: true, value };
};

export interface BatchRequest {
  jobs: JobRequest[];
  batch_callback_url?: string;
  /** The batch's workspace: the one it names, or the one its items name (all the same). */
  workspace?: string;
}

/**
 * Validates a whole batch; any invalid item fails the batch, with each item's index in the paths.
 * Once the details are full the rest go unchecked (only counted), so 1000 bad jobs cost about 20.
 */
export const validateBatch = (input: unknown, policy: CallbackUrlPolicy): Validated<BatchRequest> => {
  const details = new DetailList();
  details.addAll(findUnsafeStrings(input));
  if (details.count > 0) return { ok: false, details: details.list() };
  const envelope = batchEnvelope.safeParse(input);
  if (!envelope.success) return { ok: false, details: zodDetails(envelope.error) };
  const { callback_url: defaultCallbackUrl, batch_callback_url: batchCallbackUrl } = envelope.data;
  for (const [path, url] of [['callback_url', defaultCallbackUrl], ['batch_callback_url', batchCallbackUrl]] as const) {
    const reason = url === undefined ? undefined : checkCallbackUrl(url, policy);
    if (reason) details.add(path, reason);
  }
  if (details.count > 0) return { ok: false, details: details.list() };
  const jobs: JobRequest[] = [];
  for (const [index, item] of envelope.data.jobs.entries()) {
    if (details.full) {
      details.leaveUnchecked(envelope.data.jobs.length - index);
      break;
    }
    const job = checkJob(item, policy, details, `jobs[${index}]`, defaultCallbackUrl);
    if (job !== undefined) jobs.push(job);
  }
  // One workspace per batch: its pacing, its ETA and who may see it are the workspace's.
  const workspace = envelope.data.workspace ?? jobs.find((job) => job.workspace !== undefined)?.workspace;
  for (const [index, job] of jobs.entries()) {
    if (job.workspace !== undefined && job.workspace !== workspace && !details.full) details.add(`jobs[${index}].workspace`, `must be the batch's workspace (${workspace}): one workspace per batch`);
  }
  if (details.count > 0) return { ok: false, details: details.list() };
  return {
    ok: true,
    value: {
      jobs: jobs.map(({ workspace: _named, ...job }) => job),
      ...(batchCallbackUrl !== undefined && { batch_callback_url: batchCallbackUrl }),
      ...(workspace !== undefined && { workspace }),
    },
  };
};
