import { z } from 'zod';
import { CATALOGUE, isJobMethod, type JobMethod } from '../catalogue/catalogue';
import { ENSURE_METHOD, ensureArgs } from '../provisioning/ensureArgs';

/** The job that lists and selects for a sweep (`POST /v1/sweeps`). */
export const SWEEP_METHOD = 'sweeps.run';

/** The service's own operations, run as jobs beside the Slack methods. */
const OPERATIONS = {
  [ENSURE_METHOD]: ensureArgs,
  [SWEEP_METHOD]: z.strictObject({ sweep_id: z.uuid() }),
} as const;

export type OperationMethod = keyof typeof OPERATIONS;

/** What a job can run: one Slack method of the catalogue, or one of the service's own operations. */
export type RunnableMethod = JobMethod | OperationMethod;

export const isRunnableMethod = (value: unknown): value is RunnableMethod => isJobMethod(value) || (typeof value === 'string' && Object.hasOwn(OPERATIONS, value));

/** The schema a job's args are checked with, when it is accepted and again when it is run. */
export const argsSchemaOf = (method: RunnableMethod): z.ZodType => (isJobMethod(method) ? CATALOGUE[method].args : OPERATIONS[method]);
