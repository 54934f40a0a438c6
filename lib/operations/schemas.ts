import { z } from 'zod';
import type { SlackMethod } from './methods';

// Shapes from Slack's ID formats: conversations are C… (public), G… (private/mpim), D… (im);
// users are U… or W… (Enterprise Grid).
const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;
const USER_ID = /^[UW][A-Z0-9]{8,}$/;
const CHANNEL_NAME = /^[a-z0-9_-]+$/;
export const CONVERSATION_TYPES = ['public_channel', 'private_channel', 'mpim', 'im'] as const;

const channelId = z
  .string()
  .regex(CHANNEL_ID, 'must be a conversation ID such as C0123456789 (C…, G… or D…)');

/** A list given as a JSON array or as a comma-separated string (Slack's form), trimmed, blanks dropped. */
const listOf = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .union([z.array(z.string()), z.string()], { error: 'must be a list or a comma-separated string' })
    .transform((value) =>
      (Array.isArray(value) ? value : value.split(',')).map((part) => part.trim()).filter((part) => part !== ''),
    )
    .pipe(z.array(item));

const userIds = listOf(z.string().regex(USER_ID, 'must be a user ID such as U0123456789 (U… or W…)'))
  .pipe(z.array(z.string()).min(1, 'needs at least 1 user ID').max(8, 'takes at most 8 user IDs'))
  .describe('1–8 user IDs (U… or W…), as a list or a comma-separated string');

const conversationTypes = listOf(z.enum(CONVERSATION_TYPES, { error: `must be among ${CONVERSATION_TYPES.join(', ')}` }))
  .refine((types) => types.length > 0, 'needs at least one type')
  .transform((types) => [...new Set(types)].join(','))
  .describe(`Any of ${CONVERSATION_TYPES.join(', ')}, as a list or a comma-separated string (spaces allowed); default public_channel`);

const limit = z
  .number({ error: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(999, 'must be at most 999 (Slack recommends 200)')
  .describe('Page size, 1–999');

const cursor = z.string().min(1).max(2048).describe('Opaque cursor from `response_metadata.next_cursor`');

export const createArgs = z.strictObject({
  name: z
    .string({ error: 'is required' })
    .min(1, 'must not be empty')
    .max(80, 'must be at most 80 characters')
    .regex(CHANNEL_NAME, 'may only hold lowercase letters, digits, hyphens and underscores')
    .describe('Required. 1–80 characters: lowercase letters, digits, `-`, `_`'),
  is_private: z.boolean({ error: 'must be true or false' }).optional().describe('Create a private channel'),
});

export const openArgs = z
  .strictObject({
    users: userIds.optional(),
    channel: channelId.optional().describe('An existing im or mpim ID to resume, instead of `users`'),
    return_im: z.boolean({ error: 'must be true or false' }).optional().describe('Return the full im object'),
  })
  .superRefine((args, ctx) => {
    if ((args.users === undefined) === (args.channel === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['users'], message: 'give exactly one of users or channel' });
    }
  });

export const infoArgs = z.strictObject({
  channel: channelId.describe('Required. Conversation ID (C…, G… or D…)'),
  include_locale: z.boolean({ error: 'must be true or false' }).optional().describe('Include the locale'),
  include_num_members: z.boolean({ error: 'must be true or false' }).optional().describe('Include the member count'),
});

export const listArgs = z.strictObject({
  types: conversationTypes.optional(),
  exclude_archived: z.boolean({ error: 'must be true or false' }).optional().describe('Leave archived channels out'),
  limit: limit.optional(),
  cursor: cursor.optional(),
});

export const leaveArgs = z.strictObject({
  channel: channelId.describe('Required. Conversation ID (C…, G… or D…)'),
});

export const membersArgs = z.strictObject({
  channel: channelId.describe('Required. Conversation ID (C…, G… or D…)'),
  limit: limit.optional(),
  cursor: cursor.optional(),
});

/** The single source of argument rules: validation, TypeScript types and the README table. */
export const ARGS_SCHEMAS = {
  'conversations.create': createArgs,
  'conversations.open': openArgs,
  'conversations.info': infoArgs,
  'conversations.list': listArgs,
  'conversations.leave': leaveArgs,
  'conversations.members': membersArgs,
} as const satisfies Record<SlackMethod, z.ZodType>;

export type ArgsInput<M extends SlackMethod> = z.input<(typeof ARGS_SCHEMAS)[M]>;
export type Args<M extends SlackMethod> = z.output<(typeof ARGS_SCHEMAS)[M]>;
export type AnyArgs = Args<SlackMethod>;
