import { z } from 'zod';
import { channelName, flag, text, userIds } from '../catalogue/args';
import { INVITE_USERS_MAX } from '../catalogue/methods';

/** What `POST /v1/channels/ensure` asks a channel to look like (the job's args). */
export const ensureArgs = z.strictObject({
  name: channelName('1–80 characters: lowercase letters, digits, `-`, `_`'),
  is_private: flag('The channel is private (default public)'),
  topic: text(250, 'The topic, at most 250 characters').optional(),
  purpose: text(250, 'The purpose, at most 250 characters').optional(),
  members: userIds(0, INVITE_USERS_MAX, `Up to ${INVITE_USERS_MAX} user IDs that must be members`).optional(),
  remove_other_members: flag('Remove members not listed in `members` (never the bot)'),
  archived: flag('The channel is archived (default false: unarchived)'),
  adopt_existing: flag('Take over an existing channel of that name (default true); false fails with name_taken'),
  dry_run: flag('Report the plan, change nothing'),
});

export type EnsureArgs = z.output<typeof ensureArgs>;

export const ENSURE_METHOD = 'channels.ensure';
