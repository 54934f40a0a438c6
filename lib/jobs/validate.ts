import { z } from 'zod';
import { entryOf, isJobMethod, isPaginated } from '../catalogue/catalogue';
import { checkCallbackUrl, type CallbackUrlPolicy } from '../callbacks/urlPolicy';
import type { ErrorDetail } from './errors';
import { BATCH_MAX_JOBS, IDEMPOTENCY_KEY_MAX, MAX_ITEMS_LIMIT } from './constants';
import type { JobRequest } from './types';

export type Validated<T> = { ok: true; value: T } | { ok: false; details: ErrorDetail[] };

const jobEnvelope = z.strictObject({
  method: z.string({ error: 'is required' }),
  args: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  callback_url: z.string({ error: 'must be a string' }).optional(),
  idempotency_key: z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(IDEMPOTENCY_KEY_MAX, `must be at most ${IDEMPOTENCY_KEY_MAX} characters`)
    .regex(/^[\x20-\x7E]+$/, 'must be printable ASCII')
    .optional(),
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
});

const formatPath = (prefix: string, path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out === '' ? String(key) : `${out}.${String(key)}`;
  }, prefix);

export const zodDetails = (error: z.ZodError, prefix = ''): ErrorDetail[] =>
  error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath(prefix, [...issue.path, key]), message: 'is not a known field' }));
    }
    return [{ path: formatPath(prefix, issue.path), message: issue.message }];
  });

/** Validates one job: the envelope, then the method's own argument schema. */
export const validateJob = (
  input: unknown,
  policy: CallbackUrlPolicy,
  prefix = '',
  defaultCallbackUrl?: string,
): Validated<JobRequest> => {
  const join = (key: string) => (prefix === '' ? key : `${prefix}.${key}`);
  const envelope = jobEnvelope.safeParse(input);
  if (!envelope.success) return { ok: false, details: zodDetails(envelope.error, prefix) };
  const { method, args = {}, paginate, max_items: maxItems, idempotency_key: idempotencyKey } = envelope.data;
  const callbackUrl = envelope.data.callback_url ?? defaultCallbackUrl;

  if (!isJobMethod(method)) {
    return { ok: false, details: [{ path: join('method'), message: 'must be a conversations.* method of the catalogue (see the README’s methods table)' }] };
  }
  const details: ErrorDetail[] = [];
  if ('token' in args) {
    // Tokens live server-side only: never accepted from a caller, never queued.
    details.push({ path: join('args.token'), message: 'is not accepted: the Slack token is configured on the server' });
  }
  const parsedArgs = entryOf(method).args.safeParse(args);
  if (!parsedArgs.success) {
    details.push(...zodDetails(parsedArgs.error, join('args')).filter((d) => d.path !== join('args.token')));
  }
  if (paginate !== undefined && !isPaginated(method)) {
    details.push({ path: join('paginate'), message: `is only for methods that page (${method} does not)` });
  }
  if (maxItems !== undefined && paginate !== true) {
    details.push({ path: join('max_items'), message: 'needs paginate: true' });
  }
  if (callbackUrl !== undefined) {
    const reason = checkCallbackUrl(callbackUrl, policy);
    if (reason) details.push({ path: join('callback_url'), message: reason });
  }
  if (details.length > 0 || !parsedArgs.success) return { ok: false, details };

  return {
    ok: true,
    value: {
      method,
      args: parsedArgs.data as Record<string, unknown>,
      ...(callbackUrl !== undefined && { callback_url: callbackUrl }),
      ...(idempotencyKey !== undefined && { idempotency_key: idempotencyKey }),
      ...(paginate !== undefined && { paginate }),
      ...(maxItems !== undefined && { max_items: maxItems }),
    },
  };
};

export interface BatchRequest {
  jobs: JobRequest[];
  batch_callback_url?: string;
}

/** Validates a whole batch; any invalid item fails the batch, with each item's index in the paths. */
export const validateBatch = (input: unknown, policy: CallbackUrlPolicy): Validated<BatchRequest> => {
  const envelope = batchEnvelope.safeParse(input);
  if (!envelope.success) return { ok: false, details: zodDetails(envelope.error) };
  const { callback_url: defaultCallbackUrl, batch_callback_url: batchCallbackUrl } = envelope.data;
  const details: ErrorDetail[] = [];
  for (const [path, url] of [['callback_url', defaultCallbackUrl], ['batch_callback_url', batchCallbackUrl]] as const) {
    const reason = url === undefined ? undefined : checkCallbackUrl(url, policy);
    if (reason) details.push({ path, message: reason });
  }
  if (details.length > 0) return { ok: false, details };
  const jobs: JobRequest[] = [];
  envelope.data.jobs.forEach((item, index) => {
    const result = validateJob(item, policy, `jobs[${index}]`, defaultCallbackUrl);
    if (result.ok) jobs.push(result.value);
    else details.push(...result.details);
  });
  if (details.length > 0) return { ok: false, details };
  return { ok: true, value: { jobs, ...(batchCallbackUrl !== undefined && { batch_callback_url: batchCallbackUrl }) } };
};
