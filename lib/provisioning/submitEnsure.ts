import { z } from 'zod';
import { checkCallbackUrl } from '../callbacks/urlPolicy';
import { InvalidRequestError } from '../jobs/errors';
import { acceptJobs, checkCallbackHosts, type SubmitRequestDeps, type SubmittedJob } from '../jobs/submit';
import type { Access } from '../workspaces/access';
import { takeWorkspace } from '../workspaces/requestWorkspace';
import { findUnsafeStrings } from '../jobs/queueSafe';
import { capDetails, idempotencyKeySchema, zodDetails } from '../jobs/validate';
import { ENSURE_METHOD, ensureArgs } from './ensureArgs';

const ensureRequest = ensureArgs.extend({
  callback_url: z.string({ error: 'must be a string' }).optional(),
  idempotency_key: idempotencyKeySchema.optional(),
});

/** `POST /v1/channels/ensure`: validates the desired state and queues one `channels.ensure` job. */
export const submitEnsure = async (input: unknown, deps: SubmitRequestDeps, access: Access): Promise<SubmittedJob> => {
  const unsafe = findUnsafeStrings(input);
  if (unsafe.length > 0) throw new InvalidRequestError('Invalid ensure request', capDetails(unsafe));
  const { requested, rest: body } = takeWorkspace(input);
  const parsed = ensureRequest.safeParse(body);
  if (!parsed.success) throw new InvalidRequestError('Invalid ensure request', zodDetails(parsed.error));
  const { callback_url: callbackUrl, idempotency_key: idempotencyKey, ...args } = parsed.data;
  if (callbackUrl !== undefined) {
    const reason = checkCallbackUrl(callbackUrl, deps.callbackPolicy);
    if (reason) throw new InvalidRequestError('Invalid ensure request', [{ path: 'callback_url', message: reason }]);
  }
  const workspace = await deps.registry.resolve(access, requested);
  if (callbackUrl !== undefined) await checkCallbackHosts([callbackUrl], deps.callbackPolicy, () => 'callback_url');
  const [job] = await acceptJobs(
    [{ method: ENSURE_METHOD, args, ...(callbackUrl !== undefined && { callback_url: callbackUrl }), ...(idempotencyKey !== undefined && { idempotency_key: idempotencyKey }) }],
    { ...deps, workspace },
  );
  return job;
};
