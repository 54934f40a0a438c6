import { z } from 'zod';
import { conversationTypes } from '../catalogue/args';
import { CATALOGUE, type JobMethod } from '../catalogue/catalogue';

/** What a sweep may do to each conversation it selects. */
export const SWEEP_ACTIONS = [
  'conversations.archive',
  'conversations.unarchive',
  'conversations.invite',
  'conversations.kick',
  'conversations.leave',
  'conversations.join',
  'conversations.setTopic',
  'conversations.setPurpose',
] as const satisfies readonly JobMethod[];

export type SweepAction = (typeof SWEEP_ACTIONS)[number];

/** Longest `name_pattern`: channel names are at most 80 characters, so matching stays cheap. */
export const NAME_PATTERN_MAX = 200;

export const sweepSelect = z.strictObject({
  types: conversationTypes.optional(),
  name_prefix: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(80, 'must be at most 80 characters').optional(),
  name_pattern: z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(NAME_PATTERN_MAX, `must be at most ${NAME_PATTERN_MAX} characters`)
    .superRefine((pattern, ctx) => {
      try {
        new RegExp(pattern, 'u');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}` });
      }
    })
    .optional(),
  exclude_archived: z.boolean({ error: 'must be true or false' }).optional(),
  created_before: z.iso.datetime({ error: 'must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z', offset: true }).optional(),
  max_members: z.number({ error: 'must be a number' }).int('must be a whole number').min(0, 'must be at least 0').optional(),
  is_member: z.boolean({ error: 'must be true or false' }).optional(),
});

export type SweepSelect = z.output<typeof sweepSelect>;

/** Whether a conversation (as conversations.list shows it) is one the sweep selects. */
export const selects = (select: SweepSelect, channel: Record<string, unknown>): boolean => {
  const name = String(channel.name ?? '');
  if (select.name_prefix !== undefined && !name.startsWith(select.name_prefix)) return false;
  if (select.name_pattern !== undefined && !new RegExp(select.name_pattern, 'u').test(name)) return false;
  if (select.exclude_archived && channel.is_archived === true) return false;
  if (select.created_before !== undefined && Number(channel.created) * 1000 >= Date.parse(select.created_before)) return false;
  if (select.max_members !== undefined && Number(channel.num_members ?? 0) > select.max_members) return false;
  if (select.is_member !== undefined && (channel.is_member === true) !== select.is_member) return false;
  return true;
};

/** A placeholder channel for checking an action's other arguments before any channel is known. */
const ANY_CHANNEL = 'C0000000000';

/** Checks the action's arguments other than `channel` (set per match) with the action's own schema. */
export const checkActionArgs = (action: SweepAction, args: Record<string, unknown>): { ok: true; value: Record<string, unknown> } | { ok: false; issues: z.core.$ZodIssue[] } => {
  if ('channel' in args) return { ok: false, issues: [{ code: 'custom', path: ['channel'], message: 'is set for each selected conversation', input: args.channel } as z.core.$ZodIssue] };
  const parsed = CATALOGUE[action].args.safeParse({ ...args, channel: ANY_CHANNEL });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  const { channel: _channel, ...value } = parsed.data as Record<string, unknown>;
  return { ok: true, value };
};
