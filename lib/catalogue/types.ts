import type { z } from 'zod';

/** Slack rate-limit tiers: calls per minute per method per workspace (../shared/slack/README.md). */
export const TIER_RATES = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;
export type Tier = keyof typeof TIER_RATES;

/** How a retry that meets a conflict checks whether an earlier attempt (whose answer was lost) did the work. */
export type Reconcile =
  /** create → name_taken: a channel of that name made by this bot since the job was queued. */
  | 'created_by_us'
  /** rename → name_taken: the channel itself already carries the new name. */
  | 'renamed';

/** One Slack method: everything validation, pacing, the worker, the emulator and the docs need. */
export interface CatalogueEntry {
  tier: Tier;
  /** Whether the call changes Slack's state (a write is what must never happen twice). */
  effect: 'read' | 'write';
  summary: string;
  /** Bot scopes (public / private conversations). */
  scopes: string;
  /** The job's arguments, with Slack's names: strict, the one source of validation and the README table. */
  args: z.ZodType;
  /** The list a paginated method returns; `pageSizeArg` when its page size is not `limit`. */
  pagination?: { itemsKey: string; pageSizeArg?: string };
  /** Platform errors that mean the state asked for already holds: success, noted in `already_done`. */
  alreadyDone?: readonly string[];
  /** Writes only when the conversation's current value differs (read first with conversations.info). */
  compareFirst?: { arg: string; field: 'topic' | 'purpose' };
  /** A list argument split into calls of at most `size` items. */
  chunked?: { arg: string; size: number };
  /** A retried call that meets `name_taken` checks Slack's state this way before calling it a conflict. */
  reconcile?: Reconcile;
}
