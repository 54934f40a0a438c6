import { CATALOGUE } from './methods';
import { type CatalogueEntry, TIER_RATES, type Tier } from './types';

export { CATALOGUE } from './methods';
export { TIER_RATES, type CatalogueEntry, type Tier } from './types';

/** A method the service runs as a job. */
export type JobMethod = keyof typeof CATALOGUE;

export const JOB_METHODS = Object.keys(CATALOGUE) as JobMethod[];

export const isJobMethod = (value: unknown): value is JobMethod => typeof value === 'string' && Object.hasOwn(CATALOGUE, value);

export const entryOf = (method: JobMethod): CatalogueEntry => CATALOGUE[method];

/** Tiers of the methods the worker calls beyond jobs (state checks). */
export const HELPER_TIERS: Readonly<Record<string, Tier>> = { 'auth.test': 4 };

export const tierOf = (method: string): Tier | undefined => (isJobMethod(method) ? CATALOGUE[method].tier : HELPER_TIERS[method]);

/** Calls per minute for any method the worker calls: an override, else its tier's rate (tier 3 if unknown). */
export const rateFor = (method: string, overrides: Record<string, number> = {}): number => overrides[method] ?? TIER_RATES[tierOf(method) ?? 3];

export const isPaginated = (method: JobMethod): boolean => entryOf(method).pagination !== undefined;

/** Platform errors that mean a method's requested state already holds. */
export const alreadyDoneErrors = (method: string): readonly string[] => (isJobMethod(method) ? (entryOf(method).alreadyDone ?? []) : []);

/** The methods Slack may limit to 1 call a minute for apps distributed outside the Marketplace. */
export const HISTORY_METHODS: readonly JobMethod[] = ['conversations.history', 'conversations.replies'];
