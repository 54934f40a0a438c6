import { randomUUID } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { type CallbackUrlPolicy, checkCallbackHostResolves } from '../callbacks/urlPolicy';
import type { JobSpec, JobStatus } from '../ledger/records';
import { sendMessages } from '../queue/sendBatch';
import { EnqueueFailedError, type ErrorDetail, IdempotencyConflictError, InvalidRequestError } from './errors';
import { completeBatchIfDone, type JobEndedDeps } from './jobEnded';
import { jobQueueEntry, toJobMessage } from './jobMessage';
import { requestHash } from './requestHash';
import type { JobRequest } from './types';
import { validateBatch, validateJob } from './validate';
import type { Access } from '../workspaces/access';
import type { WorkspaceRegistry } from '../workspaces/registry';

export interface SubmitDeps extends JobEndedDeps {
  queueUrl: string;
  /** The workspace these jobs run in (resolved from the request by the registry). */
  workspace: string;
  callbackPolicy: CallbackUrlPolicy;
  now?: () => Date;
  logger?: Pick<Logger, 'error'>;
}

export interface SubmittedJob {
  job_id: string;
  status: JobStatus;
  method: string;
  /** The idempotency key named an earlier job: nothing new runs. */
  duplicate?: true;
}

export interface SubmittedBatch {
  batch_id: string;
  jobs: SubmittedJob[];
}

/** Idempotency keys are claimed this many at a time. */
const CLAIM_CONCURRENCY = 16;
/** Jobs recorded and queued per step. */
const PIPELINE_CHUNK = 100;
/**
 * SQS FIFO drops a message whose deduplication ID (the job ID) it saw in the last 5 minutes: a
 * queued duplicate younger than that is sent again, which is harmless if its message exists.
 */
const FIFO_DEDUP_MS = 4 * 60_000;
/** Longer than any submission takes (the API function's timeout is 10 s). */
const ORPHANED_CLAIM_MS = 30_000;

const mapLimit = async <T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

/** Resolves each distinct callback host once and refuses private answers (submit-time SSRF check). */
export const checkCallbackHosts = async (urls: (string | undefined)[], policy: CallbackUrlPolicy, pathOf: (i: number) => string) => {
  const byUrl = new Map<string, number[]>();
  urls.forEach((url, index) => {
    if (url !== undefined) byUrl.set(url, [...(byUrl.get(url) ?? []), index]);
  });
  const details: ErrorDetail[] = [];
  await Promise.all(
    [...byUrl].map(async ([url, indexes]) => {
      const reason = await checkCallbackHostResolves(url, policy);
      if (reason) for (const index of indexes) details.push({ path: pathOf(index), message: reason });
    }),
  );
  if (details.length > 0) throw new InvalidRequestError('Callback URL refused', details);
};

/** What an item of a submission turned out to be once its idempotency key was looked at. */
type Resolved =
  | { kind: 'new'; spec: JobSpec; claimed: boolean }
  | { kind: 'duplicate'; job: SubmittedJob }
  | { kind: 'conflict'; path: string };

/**
 * Accepts validated jobs: claims their idempotency keys, records them in the ledger (and their
 * batch), then queues them. Nothing is left half-done: a conflict, or a job that could not be
 * recorded or queued, gives its claim back and leaves no record.
 */
export interface BatchTarget {
  batch_id: string;
  batch_callback_url?: string;
  /** The batch exists already (a sweep adding a page of jobs): it grows instead of being created. */
  existing?: boolean;
  /** Position in the batch of the first of these jobs. */
  indexOffset?: number;
  /** Names this addition (a sweep's page), so that repeating it after a crash grows the batch once. */
  growToken?: string;
}

export const acceptJobs = async (requests: JobRequest[], deps: SubmitDeps, batch?: BatchTarget): Promise<SubmittedJob[]> => {
  const now = (deps.now ?? (() => new Date()))();
  const keyPath = (index: number) => (batch ? `jobs[${index}].idempotency_key` : 'idempotency_key');
  const specOf = (request: JobRequest, jobId: string = randomUUID()): JobSpec => ({
    job_id: jobId,
    ...(request as unknown as Omit<JobSpec, 'job_id' | 'workspace' | 'enqueued_at'>),
    workspace: deps.workspace,
    enqueued_at: now.toISOString(),
    ...(batch && { batch_id: batch.batch_id }),
  });

  // The same key twice in one batch: the later item is the earlier one's duplicate, or a conflict.
  const hashes = requests.map(requestHash);
  // Queued duplicates whose message may never have been sent (the first submitter died in between).
  const resend: JobSpec[] = [];
  const firstWithKey = new Map<string, number>();
  const resolved = await mapLimit<JobRequest, Resolved>(requests, CLAIM_CONCURRENCY, async (request, index) => {
    const key = request.idempotency_key;
    if (key === undefined) return { kind: 'new', spec: specOf(request), claimed: false };
    const first = firstWithKey.get(key);
    if (first !== undefined) return { kind: 'conflict', path: keyPath(index) }; // settled below, once the first is known
    firstWithKey.set(key, index);
    const spec = specOf(request);
    const claim = await deps.ledger.idempotency.claim(deps.workspace, key, spec.job_id, hashes[index]);
    if (claim.kind === 'claimed') return { kind: 'new', spec, claimed: true };
    if (claim.request_hash !== hashes[index]) return { kind: 'conflict', path: keyPath(index) };
    const existing = await deps.ledger.jobs.get(claim.job_id, { withResult: false });
    if (existing) {
      if (existing.status === 'queued' && now.getTime() - Date.parse(existing.enqueued_at) < FIFO_DEDUP_MS) resend.push(existing);
      return { kind: 'duplicate', job: { job_id: existing.job_id, status: existing.status, method: existing.method, duplicate: true } };
    }
    // Claimed but not recorded: a submitter still at work (answer as its duplicate), or, once the
    // claim is older than any submission takes, one that died (run the job under that ID).
    if (now.getTime() - Date.parse(claim.created_at) < ORPHANED_CLAIM_MS) {
      return { kind: 'duplicate', job: { job_id: claim.job_id, status: 'queued', method: request.method, duplicate: true } };
    }
    const recovered = specOf(request, claim.job_id);
    if (await deps.ledger.jobs.createIfAbsent({ spec: recovered, index: index + (batch?.indexOffset ?? 0) })) return { kind: 'new', spec: recovered, claimed: false };
    return { kind: 'duplicate', job: { job_id: claim.job_id, status: 'queued', method: request.method, duplicate: true } };
  });
  requests.forEach((request, index) => {
    const first = firstWithKey.get(request.idempotency_key ?? '');
    if (first === undefined || first === index) return;
    const original = resolved[first];
    if (hashes[first] !== hashes[index] || original.kind === 'conflict') return;
    const job = original.kind === 'new' ? { job_id: original.spec.job_id, status: 'queued' as const, method: original.spec.method } : original.job;
    resolved[index] = { kind: 'duplicate', job: { ...job, duplicate: true } };
  });

  const fresh = resolved.flatMap((item, index) => (item.kind === 'new' ? [{ ...item, index }] : []));
  const releaseClaims = (items: typeof fresh) =>
    Promise.all(items.filter((item) => item.claimed).map((item) => deps.ledger.idempotency.release(deps.workspace, String(item.spec.idempotency_key), item.spec.job_id)));

  const conflicts = resolved.flatMap((item) => (item.kind === 'conflict' ? [{ path: item.path, message: 'was used for a different request' }] : []));
  if (conflicts.length > 0) {
    await releaseClaims(fresh);
    await deps.ledger.jobs.remove(fresh.filter((item) => !item.claimed && item.spec.idempotency_key !== undefined).map((item) => item.spec.job_id));
    throw new IdempotencyConflictError(conflicts);
  }

  if (batch) {
    try {
      if (batch.existing) await deps.ledger.batches.grow(batch.batch_id, fresh.length, batch.growToken);
      else await deps.ledger.batches.create({ batch_id: batch.batch_id, batch_callback_url: batch.batch_callback_url, workspace: deps.workspace, total: fresh.length, created_at: now.toISOString() });
    } catch (error) {
      await releaseClaims(fresh);
      throw new EnqueueFailedError('Could not record the batch in the ledger; nothing was queued', undefined, { cause: error });
    }
  }

  // Each job is recorded before it is queued (a job the queue loses is still in the ledger, and a
  // restart resumes it), a chunk at a time, so that the first jobs run while later ones are written.
  const unqueued: { item: (typeof fresh)[number]; code: string; message: string }[] = [];
  for (let i = 0; i < fresh.length; i += PIPELINE_CHUNK) {
    const chunk = fresh.slice(i, i + PIPELINE_CHUNK);
    try {
      await deps.ledger.jobs.create(
        chunk.filter((item) => item.claimed || item.spec.idempotency_key === undefined).map((item) => ({ spec: item.spec, index: item.index + (batch?.indexOffset ?? 0) })),
      );
    } catch (error) {
      deps.logger?.error('could not record jobs in the ledger', { error: error as Error });
      for (const item of fresh.slice(i)) unqueued.push({ item, code: 'ledger_unavailable', message: 'could not be recorded' });
      break;
    }
    const failures = await sendMessages(deps.sqs, deps.queueUrl, chunk.map((item) => jobQueueEntry(toJobMessage(item.spec))));
    for (const failure of failures) unqueued.push({ item: chunk[failure.index], code: failure.code, message: failure.message });
  }
  if (resend.length > 0) await sendMessages(deps.sqs, deps.queueUrl, resend.map((spec) => jobQueueEntry(toJobMessage(spec))));
  if (unqueued.length > 0) {
    await deps.ledger.jobs.remove(unqueued.map(({ item }) => item.spec.job_id));
    await releaseClaims(unqueued.map(({ item }) => item));
    if (batch) {
      await deps.ledger.batches.shrink(batch.batch_id, unqueued.length);
      // The jobs that did go may all have ended already.
      await completeBatchIfDone(await deps.ledger.batches.get(batch.batch_id), deps);
    }
    const queued = fresh.length - unqueued.length;
    throw new EnqueueFailedError(
      batch
        ? `${unqueued.length} of ${requests.length} jobs could not be queued (${queued} were); resubmit the listed ones`
        : `Could not queue the job: ${unqueued[0].message}`,
      batch ? unqueued.map(({ item, code, message }) => ({ path: `jobs[${item.index}]`, message: `not queued (${code}): ${message}` })) : undefined,
    );
  }
  if (batch && fresh.length === 0) await completeBatchIfDone(await deps.ledger.batches.get(batch.batch_id), deps);

  return resolved.map((item): SubmittedJob => {
    if (item.kind === 'new') return { job_id: item.spec.job_id, status: 'queued', method: item.spec.method };
    if (item.kind === 'duplicate') return item.job;
    throw new Error('unreachable: conflicts were refused above');
  });
};

/** What the API submits with: the workspace comes from each request, through the registry. */
export type SubmitRequestDeps = Omit<SubmitDeps, 'workspace'> & { registry: Pick<WorkspaceRegistry, 'resolve'> };

export const submitJob = async (body: unknown, deps: SubmitRequestDeps, access: Access): Promise<SubmittedJob> => {
  const result = validateJob(body, deps.callbackPolicy);
  if (!result.ok) throw new InvalidRequestError('Invalid job', result.details);
  const { workspace: requested, ...request } = result.value;
  const workspace = await deps.registry.resolve(access, requested);
  await checkCallbackHosts([request.callback_url], deps.callbackPolicy, () => 'callback_url');
  const [job] = await acceptJobs([request], { ...deps, workspace });
  return job;
};

export const submitBatch = async (body: unknown, deps: SubmitRequestDeps, access: Access): Promise<SubmittedBatch> => {
  const result = validateBatch(body, deps.callbackPolicy);
  if (!result.ok) throw new InvalidRequestError('Invalid batch: nothing was queued', result.details);
  const { jobs, batch_callback_url: batchCallbackUrl } = result.value;
  const workspace = await deps.registry.resolve(access, result.value.workspace);
  await checkCallbackHosts(
    [...jobs.map((job) => job.callback_url), batchCallbackUrl],
    deps.callbackPolicy,
    (index) => (index === jobs.length ? 'batch_callback_url' : `jobs[${index}].callback_url`),
  );
  const batch = { batch_id: randomUUID(), ...(batchCallbackUrl !== undefined && { batch_callback_url: batchCallbackUrl }) };
  return { batch_id: batch.batch_id, jobs: await acceptJobs(jobs, { ...deps, workspace }, batch) };
};
