import type { EmulatedConversation, WorkspaceState } from './state';

export type Params = Record<string, string>;
export type SlackBody = Record<string, unknown> & { ok: boolean; error?: string };
export type MethodHandler = (state: WorkspaceState, params: Params) => SlackBody;

const fail = (error: string, extra: Record<string, unknown> = {}): SlackBody => ({ ok: false, error, ...extra });
const flag = (value: string | undefined) => value === 'true' || value === '1';
const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');

/** Slack's conversation object (objs_conversation), as much of it as callers read. */
export const renderConversation = (state: WorkspaceState, c: EmulatedConversation, withCount = false): Record<string, unknown> => {
  if (c.kind === 'im') {
    return { id: c.id, created: c.created, is_im: true, is_org_shared: false, user: c.user, is_user_deleted: false, priority: 0 };
  }
  return {
    id: c.id,
    name: c.name,
    is_channel: c.kind === 'channel',
    is_group: false,
    is_im: false,
    is_mpim: c.kind === 'mpim',
    is_private: c.isPrivate,
    created: c.created,
    is_archived: c.isArchived,
    is_general: c.isGeneral,
    unlinked: 0,
    name_normalized: c.name,
    is_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: state.teamId,
    updated: c.created * 1000,
    parent_conversation: null,
    creator: c.creator,
    is_ext_shared: false,
    shared_team_ids: [state.teamId],
    pending_connected_team_ids: [],
    is_member: c.members.includes(state.botUserId),
    topic: { value: c.topic, creator: '', last_set: 0 },
    purpose: { value: c.purpose, creator: '', last_set: 0 },
    previous_names: [],
    ...(withCount && { num_members: c.members.length }),
  };
};

/** Opaque cursors, as Slack's: base64 of a position that callers must not interpret. */
const encodeCursor = (position: string) => Buffer.from(`next:${position}`).toString('base64');
const decodeCursor = (cursor: string): string | undefined => {
  const text = Buffer.from(cursor, 'base64').toString('utf8');
  return text.startsWith('next:') ? text.slice(5) : undefined;
};

/** A page of `items` after the cursor; `limit` defaults to 100 and is capped at 1000, as Slack does. */
const page = <T>(items: T[], keyOf: (item: T) => string, params: Params): { items: T[]; next: string } | { error: string } => {
  const limit = params.limit === undefined ? 100 : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 0) return { error: 'invalid_limit' };
  const size = limit === 0 ? 100 : Math.min(limit, 1000);
  let start = 0;
  if (params.cursor) {
    const key = decodeCursor(params.cursor);
    start = key === undefined ? -1 : items.findIndex((item) => keyOf(item) === key);
    if (start < 0) return { error: 'invalid_cursor' };
  }
  const slice = items.slice(start, start + size);
  const following = items[start + size];
  return { items: slice, next: following === undefined ? '' : encodeCursor(keyOf(following)) };
};

const find = (state: WorkspaceState, id: string | undefined): EmulatedConversation | undefined => {
  const c = id ? state.conversations.get(id) : undefined;
  return c && state.visible(c) ? c : undefined;
};

const create: MethodHandler = (state, params) => {
  const name = params.name ?? '';
  if (name === '') return fail('invalid_name_required');
  if (name.length > 80) return fail('invalid_name_maxlength');
  if (!/^[a-z0-9_-]+$/.test(name)) return fail('invalid_name_specials');
  if (state.findByName(name)) return fail('name_taken');
  const channel = state.createChannel(name, flag(params.is_private));
  return { ok: true, channel: renderConversation(state, channel) };
};

const open: MethodHandler = (state, params) => {
  if (params.channel) {
    const c = find(state, params.channel);
    if (!c) return fail('channel_not_found');
    if (c.kind === 'channel') return fail('method_not_supported_for_channel_type');
    return { ok: true, no_op: true, already_open: true, channel: flag(params.return_im) ? renderConversation(state, c) : { id: c.id } };
  }
  const users = list(params.users);
  if (users.length === 0) return fail('users_list_not_supplied');
  if (users.length > 8) return fail('too_many_users');
  for (const id of users) {
    const user = state.users.get(id);
    if (!user) return fail('user_not_found');
    if (user.deleted) return fail('user_disabled');
  }
  const others = users.filter((id) => id !== state.botUserId);
  if (others.length === 0) return fail('not_enough_users');
  const existing = state.findDirect(others);
  const c = existing ?? state.openDirect(others);
  const channel = flag(params.return_im) || c.kind === 'mpim' ? renderConversation(state, c) : { id: c.id };
  return existing ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
};

const info: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  return { ok: true, channel: renderConversation(state, c, flag(params.include_num_members)) };
};

const CONVERSATION_TYPES = new Set(['public_channel', 'private_channel', 'mpim', 'im']);

const matchesType = (c: EmulatedConversation, types: Set<string>): boolean => {
  if (c.kind === 'im') return types.has('im');
  if (c.kind === 'mpim') return types.has('mpim');
  return types.has(c.isPrivate ? 'private_channel' : 'public_channel');
};

const conversationList: MethodHandler = (state, params) => {
  const types = new Set(params.types ? list(params.types) : ['public_channel']);
  if ([...types].some((t) => !CONVERSATION_TYPES.has(t))) return fail('invalid_types');
  const all = [...state.conversations.values()].filter((c) => state.visible(c));
  const result = page(all, (c) => c.id, params);
  if ('error' in result) return fail(result.error);
  // Slack filters after paging, so a page may hold fewer items than `limit` while more remain.
  const channels = result.items
    .filter((c) => matchesType(c, types) && !(flag(params.exclude_archived) && c.isArchived))
    .map((c) => renderConversation(state, c, true));
  return { ok: true, channels, response_metadata: { next_cursor: result.next } };
};

const leave: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (c.kind !== 'channel') return fail('method_not_supported_for_channel_type');
  if (c.isGeneral) return fail('cant_leave_general');
  if (c.isArchived) return fail('is_archived');
  if (!c.members.includes(state.botUserId)) return { ok: true, not_in_channel: true };
  if (c.isPrivate && c.members.length === 1) return fail('last_member');
  c.members = c.members.filter((id) => id !== state.botUserId);
  return { ok: true };
};

const members: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  const result = page(c.members, (id) => id, params);
  if ('error' in result) return fail(result.error);
  return { ok: true, members: result.items, response_metadata: { next_cursor: result.next } };
};

const authTest: MethodHandler = (state) => ({
  ok: true,
  url: 'https://local-emulator.slack.com/',
  team: 'Local Emulator',
  user: 'queue-bot',
  team_id: state.teamId,
  user_id: state.botUserId,
  bot_id: 'B0BOT00001',
});

export const METHOD_HANDLERS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  'conversations.create': create,
  'conversations.open': open,
  'conversations.info': info,
  'conversations.list': conversationList,
  'conversations.leave': leave,
  'conversations.members': members,
};
