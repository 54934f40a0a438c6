import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { checkCallbackUrl } from '../callbacks/urlPolicy';
import { BatchNotFoundError, InvalidRequestError, JobsDomainError } from '../jobs/errors';
import { completeBatchIfDone } from '../jobs/jobEnded';
import { acceptJobs, checkCallbackHosts, type SubmitDeps, type SubmitRequestDeps } from '../jobs/submit';
import { type Access, canUse } from '../workspaces/access';
import { takeWorkspace } from '../workspaces/requestWorkspace';
import { findUnsafeStrings } from '../jobs/queueSafe';
import { capDetails, DetailList, zodDetails } from '../jobs/validate';
import { SWEEP_METHOD } from '../jobs/methods';
import { checkActionArgs, SWEEP_ACTIONS, sweepSelect } from './sweepArgs';

const sweepRequest = z.strictObject({
  action: z.enum(SWEEP_ACTIONS, { error: `must be one of ${SWEEP_ACTIONS.join(', ')}` }),
  select: sweepSelect,
  args: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional(),
  dry_run: z.boolean({ error: 'must be true or false' }).optional(),
  callback_url: z.string({ error: 'must be a string' }).optional(),
  batch_callback_url: z.string({ error: 'must be a string' }).optional(),
});

/** Runs `write`; if it fails, `undo` closes what was made before it, and the failure goes on. */
const recordOrUndo = async (undo: () => Promise<unknown>, write: () => Promise<unknown>) => {
  try {
    await write();
  } catch (error) {
    await undo().catch(() => undefined);
    throw error;
  }
};

export class SweepNotFoundError extends JobsDomainError {
  constructor(sweepId: string) {
    super('sweep_not_found', `No sweep ${sweepId}`);
  }
}

/**
 * `POST /v1/sweeps`: checks the action, the selector (strict: a bad regex or an unknown key is a
 * 400) and the action's other arguments, then records the sweep and its open-ended batch and
 * queues the job that lists and selects. Every string must first be one the queue can carry.
 */
export const submitSweep = async (input: unknown, requestDeps: SubmitRequestDeps, access: Access) => {
  const unsafe = findUnsafeStrings(input);
  if (unsafe.length > 0) throw new InvalidRequestError('Invalid sweep', capDetails(unsafe));
  const { requested, rest: body } = takeWorkspace(input);
  const parsed = sweepRequest.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('Invalid sweep', zodDetails(parsed.error));
  const request = parsed.data;
  const details = new DetailList();
  const deps: SubmitDeps = { ...requestDeps, workspace: '' };
  const checked = checkActionArgs(request.action, request.args ?? {});
  if (!checked.ok) details.addZodError(new z.ZodError(checked.issues), 'args');
  for (const [path, url] of [['callback_url', request.callback_url], ['batch_callback_url', request.batch_callback_url]] as const) {
    const reason = url === undefined ? undefined : checkCallbackUrl(url, deps.callbackPolicy);
    if (reason) details.add(path, reason);
  }
  if (details.count > 0 || !checked.ok) throw new InvalidRequestError('Invalid sweep', details.list());
  deps.workspace = await requestDeps.registry.resolve(access, requested);
  await checkCallbackHosts([request.callback_url, request.batch_callback_url], deps.callbackPolicy, (i) => (i === 0 ? 'callback_url' : 'batch_callback_url'));

  const now = (deps.now ?? (() => new Date()))().toISOString();
  const sweepId = randomUUID();
  const batchId = randomUUID();
  await deps.ledger.batches.create({ batch_id: batchId, workspace: deps.workspace, total: 0, created_at: now, open_ended: true, ...(request.batch_callback_url !== undefined && { batch_callback_url: request.batch_callback_url }) });
  const closeBatch = async () => completeBatchIfDone(await deps.ledger.batches.seal(batchId), deps);
  await recordOrUndo(closeBatch, () => deps.ledger.sweeps.create({
    sweep_id: sweepId,
    batch_id: batchId,
    workspace: deps.workspace,
    action: request.action,
    select: request.select,
    args: checked.value,
    dry_run: request.dry_run === true,
    ...(request.callback_url !== undefined && { callback_url: request.callback_url }),
    created_at: now,
  }));
  try {
    await acceptJobs([{ method: SWEEP_METHOD, args: { sweep_id: sweepId } }], deps);
  } catch (error) {
    // Nothing will list: close the sweep and its batch rather than leave them waiting.
    await deps.ledger.sweeps.recordPage(sweepId, '', { cursor: '', listed: false, scanned: 0, matched: 0, cancelled: true });
    await closeBatch();
    throw error;
  }
  return { sweep_id: sweepId, batch_id: batchId, status: 'listing' as const };
};

/** `GET /v1/sweeps/{sweep_id}`. */
export const getSweep = async (sweepId: string, deps: Pick<SubmitDeps, 'ledger'>, access: Access) => {
  const sweep = await deps.ledger.sweeps.get(sweepId);
  // Another workspace's sweep is as missing as one that never was.
  if (!sweep || !canUse(access, sweep.workspace)) throw new SweepNotFoundError(sweepId);
  const batch = await deps.ledger.batches.get(sweep.batch_id);
  if (!batch) throw new BatchNotFoundError(sweep.batch_id);
  const status = sweep.cancelled || batch.cancel_requested ? 'cancelled' : !sweep.listed ? 'listing' : sweep.dry_run || batch.completed_at !== undefined ? 'done' : 'running';
  return {
    sweep_id: sweep.sweep_id,
    status,
    action: sweep.action,
    select: sweep.select,
    scanned: sweep.scanned,
    matched: sweep.matched,
    batch_id: sweep.batch_id,
    dry_run: sweep.dry_run,
    workspace: sweep.workspace,
    ...(sweep.dry_run && { matches: sweep.matches ?? [] }),
    created_at: sweep.created_at,
  };
};
