import { z } from 'zod';
import {
  bound,
  channelId,
  channelName,
  conversationTypes,
  cursor,
  flag,
  inviteId,
  limit,
  listOf,
  teamId,
  text,
  ts,
  userId,
  userIds,
} from './args';
import type { CatalogueEntry } from './types';

/** Slack caps a topic or purpose at 250 characters. */
const TOPIC_MAX = 250;
/** One job may invite this many users; Slack takes 100 a call, so the worker makes as many calls as needed. */
export const INVITE_USERS_MAX = 1000;

const openArgs = z
  .strictObject({
    users: userIds(1, 8, '1–8 user IDs (U… or W…), as a list or a comma-separated string').optional(),
    channel: channelId('An existing im or mpim ID to resume, instead of `users`').optional(),
    return_im: flag('Return the full im object'),
    prevent_creation: flag('Only find an existing conversation, never create one'),
  })
  .superRefine((args, ctx) => {
    if ((args.users === undefined) === (args.channel === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['users'], message: 'give exactly one of users or channel' });
    }
  });

const messageRange = {
  oldest: bound('Only messages after this timestamp'),
  latest: bound('Only messages before this timestamp'),
  inclusive: flag('Include messages at `oldest` and `latest`'),
  include_all_metadata: flag('Include all message metadata'),
};

const inviteSharedArgs = z
  .strictObject({
    channel: channelId('The channel to share'),
    emails: listOf(z.email('must be an e-mail address')).pipe(z.array(z.string()).length(1, 'takes exactly one e-mail address')).optional().describe('One e-mail address to invite, instead of `user_ids`'),
    user_ids: userIds(1, 1, 'One user ID to invite, instead of `emails`').optional(),
    external_limited: flag('Invite as an external limited member'),
  })
  .superRefine((args, ctx) => {
    if ((args.emails === undefined) === (args.user_ids === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['emails'], message: 'give exactly one of emails or user_ids' });
    }
  });

const acceptSharedInviteArgs = z
  .strictObject({
    channel_name: channelName('Name for the channel in this workspace'),
    invite_id: inviteId('The invite to accept, instead of `channel_id`').optional(),
    channel_id: channelId('The shared channel, instead of `invite_id`').optional(),
    is_private: flag('Make the channel private in this workspace'),
    free_trial_accepted: flag('Accept a free trial, if offered'),
    team_id: teamId('The workspace to accept into (Enterprise Grid)'),
  })
  .superRefine((args, ctx) => {
    if ((args.invite_id === undefined) === (args.channel_id === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['invite_id'], message: 'give exactly one of invite_id or channel_id' });
    }
  });

/**
 * Every conversations.* method of today's Web API: the one place a method is described. Validation,
 * the pacer's rates, the worker (pagination, "already done", reconciliation, chunking), the Slack
 * emulator's tiers and the README's tables all read it.
 */
export const CATALOGUE = {
  'conversations.archive': {
    tier: 2,
    effect: 'write',
    summary: 'Archive a conversation',
    scopes: 'channels:manage / groups:write',
    args: z.strictObject({ channel: channelId() }),
    alreadyDone: ['already_archived'],
  },
  'conversations.unarchive': {
    tier: 2,
    effect: 'write',
    summary: 'Unarchive a conversation',
    scopes: 'channels:manage / groups:write',
    args: z.strictObject({ channel: channelId() }),
    alreadyDone: ['not_archived'],
  },
  'conversations.close': {
    tier: 2,
    effect: 'write',
    summary: 'Close a direct message or multi-person direct message',
    scopes: 'im:write / mpim:write',
    args: z.strictObject({ channel: channelId('im or mpim ID (D… or G…)') }),
  },
  'conversations.create': {
    tier: 2,
    effect: 'write',
    summary: 'Create a public or private channel',
    scopes: 'channels:manage / groups:write',
    args: z.strictObject({
      name: channelName('1–80 characters: lowercase letters, digits, `-`, `_`'),
      is_private: flag('Create a private channel'),
      team_id: teamId('Workspace to create it in (Enterprise Grid)'),
    }),
    reconcile: 'created_by_us',
  },
  'conversations.rename': {
    tier: 2,
    effect: 'write',
    summary: 'Rename a conversation',
    scopes: 'channels:manage / groups:write',
    args: z.strictObject({ channel: channelId(), name: channelName('New name: 1–80 characters, lowercase letters, digits, `-`, `_`') }),
    reconcile: 'renamed',
  },
  'conversations.setTopic': {
    tier: 2,
    effect: 'write',
    summary: 'Set the topic (written only when it differs)',
    scopes: 'channels:write.topic / groups:write.topic',
    args: z.strictObject({ channel: channelId(), topic: text(TOPIC_MAX, `Required. The topic, at most ${TOPIC_MAX} characters`) }),
    compareFirst: { arg: 'topic', field: 'topic' },
  },
  'conversations.setPurpose': {
    tier: 2,
    effect: 'write',
    summary: 'Set the purpose (written only when it differs)',
    scopes: 'channels:write.topic / groups:write.topic',
    args: z.strictObject({ channel: channelId(), purpose: text(TOPIC_MAX, `Required. The purpose, at most ${TOPIC_MAX} characters`) }),
    compareFirst: { arg: 'purpose', field: 'purpose' },
  },
  'conversations.list': {
    tier: 2,
    effect: 'read',
    summary: 'List conversations',
    scopes: 'channels:read / groups:read / im:read / mpim:read',
    args: z.strictObject({
      types: conversationTypes.optional(),
      exclude_archived: flag('Leave archived channels out'),
      limit: limit(),
      cursor: cursor(),
      team_id: teamId('Workspace to list (Enterprise Grid)'),
    }),
    pagination: { itemsKey: 'channels' },
  },
  'conversations.info': {
    tier: 3,
    effect: 'read',
    summary: 'Describe a conversation',
    scopes: 'channels:read / groups:read / im:read / mpim:read',
    args: z.strictObject({ channel: channelId(), include_locale: flag('Include the locale'), include_num_members: flag('Include the member count') }),
  },
  'conversations.mark': {
    tier: 3,
    effect: 'write',
    summary: 'Set the read cursor',
    scopes: 'channels:manage / groups:write / im:write / mpim:write',
    args: z.strictObject({ channel: channelId(), ts: ts('Required. Timestamp of the most recently seen message') }),
  },
  'conversations.invite': {
    tier: 3,
    effect: 'write',
    summary: 'Invite users (up to 1,000 a job, 100 a call); those already in count as done',
    scopes: 'channels:write.invites / groups:write.invites',
    args: z.strictObject({
      channel: channelId(),
      users: userIds(1, INVITE_USERS_MAX, `Required. 1–${INVITE_USERS_MAX} user IDs, as a list or a comma-separated string`),
      force: flag('Invite the valid users even when some IDs are invalid'),
    }),
    alreadyDone: ['already_in_channel'],
    chunked: { arg: 'users', size: 100 },
  },
  'conversations.join': {
    tier: 3,
    effect: 'write',
    summary: 'Join a public channel',
    scopes: 'channels:join',
    args: z.strictObject({ channel: channelId('Public channel ID (C…)') }),
  },
  'conversations.kick': {
    tier: 3,
    effect: 'write',
    summary: 'Remove a user',
    scopes: 'channels:manage / groups:write',
    args: z.strictObject({ channel: channelId(), user: userId() }),
    alreadyDone: ['not_in_channel'],
  },
  'conversations.leave': {
    tier: 3,
    effect: 'write',
    summary: 'Leave a conversation',
    scopes: 'channels:manage / groups:write',
    args: z.strictObject({ channel: channelId() }),
  },
  'conversations.open': {
    tier: 3,
    effect: 'write',
    summary: 'Open or resume a direct message or multi-person direct message',
    scopes: 'im:write / mpim:write',
    args: openArgs,
  },
  'conversations.history': {
    tier: 3,
    effect: 'read',
    summary: 'Read a conversation’s messages',
    scopes: 'channels:history / groups:history / im:history / mpim:history',
    args: z.strictObject({ channel: channelId(), limit: limit(), cursor: cursor(), ...messageRange }),
    pagination: { itemsKey: 'messages' },
  },
  'conversations.replies': {
    tier: 3,
    effect: 'read',
    summary: 'Read a thread',
    scopes: 'channels:history / groups:history / im:history / mpim:history',
    args: z.strictObject({ channel: channelId(), ts: ts('Required. Timestamp of the thread’s parent message'), limit: limit(), cursor: cursor(), ...messageRange }),
    pagination: { itemsKey: 'messages' },
  },
  'conversations.members': {
    tier: 4,
    effect: 'read',
    summary: 'List a conversation’s members',
    scopes: 'channels:read / groups:read / im:read / mpim:read',
    args: z.strictObject({ channel: channelId(), limit: limit(), cursor: cursor() }),
    pagination: { itemsKey: 'members' },
  },
  'conversations.canvases.create': {
    tier: 2,
    effect: 'write',
    summary: 'Create a channel canvas',
    scopes: 'canvases:write',
    args: z.strictObject({
      channel_id: channelId('The channel to give a canvas'),
      title: text(255, 'Title of the canvas').optional(),
      document_content: z
        .strictObject({ type: z.literal('markdown', { error: 'must be "markdown"' }), markdown: text(100_000, 'Markdown') })
        .optional()
        .describe('`{"type": "markdown", "markdown": "…"}`'),
    }),
    alreadyDone: ['channel_canvas_already_exists'],
  },
  'conversations.inviteShared': {
    tier: 2,
    effect: 'write',
    summary: 'Invite another organisation’s user to a channel (Slack Connect)',
    scopes: 'conversations.connect:write',
    args: inviteSharedArgs,
    alreadyDone: ['already_in_channel'],
  },
  'conversations.acceptSharedInvite': {
    tier: 2,
    effect: 'write',
    summary: 'Accept a Slack Connect invite',
    scopes: 'conversations.connect:write',
    args: acceptSharedInviteArgs,
    alreadyDone: ['has_already_connected_to_org'],
  },
  'conversations.approveSharedInvite': {
    tier: 3,
    effect: 'write',
    summary: 'Approve a Slack Connect invite',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({ invite_id: inviteId(), target_team: teamId('The other workspace, when several') }),
    alreadyDone: ['already_approved'],
  },
  'conversations.declineSharedInvite': {
    tier: 3,
    effect: 'write',
    summary: 'Decline a Slack Connect invite',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({ invite_id: inviteId(), target_team: teamId('The other workspace, when several') }),
  },
  'conversations.listConnectInvites': {
    tier: 1,
    effect: 'read',
    summary: 'List Slack Connect invites',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({ count: limit(1000, 'Page size, 1–1000'), cursor: cursor(), team_id: teamId('Workspace to list (Enterprise Grid)') }),
    pagination: { itemsKey: 'invites', pageSizeArg: 'count' },
  },
  'conversations.externalInvitePermissions.set': {
    tier: 2,
    effect: 'write',
    summary: 'Upgrade or downgrade an external member’s permissions',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({
      action: z.enum(['upgrade', 'downgrade'], { error: 'must be upgrade or downgrade' }).describe('Required. `upgrade` or `downgrade`'),
      channel: channelId(),
      target_team: z.string({ error: 'is required' }).regex(/^[TE][A-Z0-9]{8,}$/, 'must be a workspace ID such as T0123456789').describe('Required. The external workspace'),
    }),
  },
  'conversations.requestSharedInvite.approve': {
    tier: 2,
    effect: 'write',
    summary: 'Approve a request to invite an external user',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({
      invite_id: inviteId('The invite request'),
      channel_id: channelId('The channel to invite into, when the request names none').optional(),
      is_external_limited: flag('Invite as an external limited member'),
      message: z.strictObject({ text: text(4000, 'Message text'), is_override: z.boolean({ error: 'must be true or false' }) }).optional().describe('`{"text", "is_override"}` sent with the approval'),
    }),
    alreadyDone: ['invite_already_approved'],
  },
  'conversations.requestSharedInvite.deny': {
    tier: 2,
    effect: 'write',
    summary: 'Deny a request to invite an external user',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({ invite_id: inviteId('The invite request'), message: text(4000, 'Why it was denied').optional() }),
    alreadyDone: ['invite_already_denied'],
  },
  'conversations.requestSharedInvite.list': {
    tier: 2,
    effect: 'read',
    summary: 'List requests to invite external users',
    scopes: 'conversations.connect:manage',
    args: z.strictObject({
      cursor: cursor(),
      limit: limit(200, 'Page size, 1–200'),
      include_approved: flag('Include approved requests'),
      include_denied: flag('Include denied requests'),
      include_expired: flag('Include expired requests'),
      invite_ids: listOf(z.string().regex(/^I[A-Z0-9]{6,}$/, 'must be an invite ID')).pipe(z.array(z.string()).max(100, 'takes at most 100 IDs')).optional().describe('Only these requests'),
      user_id: z.string().regex(/^[UW][A-Z0-9]{8,}$/, 'must be a user ID').optional().describe('Only requests by this user'),
    }),
    pagination: { itemsKey: 'invite_requests' },
  },
} as const satisfies Record<string, CatalogueEntry>;
