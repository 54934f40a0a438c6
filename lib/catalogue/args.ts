import { z } from 'zod';

// Shapes from Slack's ID formats: conversations are C… (public), G… (private/mpim), D… (im);
// users are U… or W… (Enterprise Grid); workspaces T…, Enterprise orgs E….
const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;
const USER_ID = /^[UW][A-Z0-9]{8,}$/;
const TEAM_ID = /^[TE][A-Z0-9]{8,}$/;
const CHANNEL_NAME = /^[a-z0-9_-]+$/;
/** Slack's message timestamps: seconds, a dot, six digits. */
const TS = /^\d{9,10}\.\d{6}$/;
export const CONVERSATION_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;

export const flag = (description: string) => z.boolean({ error: 'must be true or false' }).optional().describe(description);

export const channelId = (description = 'Conversation ID (C…, G… or D…)') =>
  z.string({ error: 'is required' }).regex(CHANNEL_ID, 'must be a conversation ID such as C0123456789 (C…, G… or D…)').describe(`Required. ${description}`);

export const userId = (description = 'User ID (U… or W…)') =>
  z.string({ error: 'is required' }).regex(USER_ID, 'must be a user ID such as U0123456789 (U… or W…)').describe(`Required. ${description}`);

export const teamId = (description = 'Workspace (T…) or org (E…) ID') =>
  z.string({ error: 'must be a string' }).regex(TEAM_ID, 'must be a workspace ID such as T0123456789 (T…, or E… for an org)').optional().describe(description);

export const ts = (description: string) =>
  z.string({ error: 'must be a string' }).regex(TS, 'must be a Slack timestamp such as 1700000000.000100').describe(description);

export const text = (max: number, description: string) =>
  z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`).describe(description);

export const inviteId = (description = 'Invite ID') =>
  z.string({ error: 'is required' }).regex(/^I[A-Z0-9]{6,}$/, 'must be an invite ID such as I0123456789').describe(`Required. ${description}`);

export const channelName = (description: string) =>
  z
    .string({ error: 'is required' })
    .min(1, 'must not be empty')
    .max(80, 'must be at most 80 characters')
    .regex(CHANNEL_NAME, 'may only hold lowercase letters, digits, hyphens and underscores')
    .describe(`Required. ${description}`);

/** No list in the catalogue takes more entries than this (conversations.invite's 1,000 users). */
export const LIST_MAX = 1000;

/**
 * How many entries a list holds, counting no further than `stopAt`: an array by its raw length, a
 * comma-separated string by its non-blank parts, found without splitting the whole string.
 */
const countEntries = (value: unknown, stopAt: number): number => {
  if (Array.isArray(value)) return value.length;
  if (typeof value !== 'string') return 0;
  const part = /[^,\s][^,]*/g;
  let count = 0;
  while (count < stopAt && part.exec(value) !== null) count += 1;
  return count;
};

/**
 * A list given as a JSON array or as a comma-separated string (Slack's form), trimmed, blanks dropped.
 * Its length is checked against `max` before any item is, so an over-long list costs one issue, not one per item.
 */
export const listOf = <T extends z.ZodType<string, string>>(item: T, max = LIST_MAX, tooMany = `takes at most ${max} entries`) =>
  z
    .unknown()
    .superRefine((value, ctx) => {
      if (countEntries(value, max + 1) > max) ctx.addIssue({ code: 'custom', message: tooMany });
    })
    .pipe(
      z
        .union([z.array(z.string()), z.string()], { error: 'must be a list or a comma-separated string' })
        .transform((value) => (Array.isArray(value) ? value : value.split(',')).map((part) => part.trim()).filter((part) => part !== ''))
        .pipe(z.array(item)),
    );

export const userIds = (min: number, max: number, description: string) =>
  listOf(z.string().regex(USER_ID, 'must be a user ID such as U0123456789 (U… or W…)'), max, `takes at most ${max} user IDs`)
    .pipe(z.array(z.string()).min(min, `needs at least ${min} user ID${min === 1 ? '' : 's'}`))
    .describe(description);

export const conversationTypes = listOf(z.enum(CONVERSATION_TYPES, { error: `must be among ${CONVERSATION_TYPES.join(', ')}` }))
  .refine((types) => types.length > 0, 'needs at least one type')
  .transform((types) => [...new Set(types)].join(','))
  .describe(`Any of ${CONVERSATION_TYPES.join(', ')}, as a list or a comma-separated string (spaces allowed); default public_channel`);

export const limit = (max = 999, description = `Page size, 1–${max}`) =>
  z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(max, `must be at most ${max}${max === 999 ? ' (Slack recommends 200)' : ''}`)
    .optional()
    .describe(description);

export const cursor = () => z.string({ error: 'must be a string' }).min(1).max(2048).optional().describe('Opaque cursor from `response_metadata.next_cursor`');

/** `oldest` / `latest` bounds of a message range. */
export const bound = (description: string) => ts(description).optional();
