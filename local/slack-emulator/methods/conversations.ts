import type { EmulatedConversation, WorkspaceState } from '../state';
import { fail, find, flag, list, type MethodHandler, nameError, page, renderConversation, type SlackBody } from './common';

const TOPIC_MAX = 250;
const INVITE_MAX = 100;

/** A channel the bot may manage: found, a channel, and (for writes) not archived. */
const managed = (state: WorkspaceState, id: string | undefined, options: { archivedOk?: boolean } = {}): EmulatedConversation | SlackBody => {
  const c = find(state, id);
  if (!c) return fail('channel_not_found');
  if (c.kind !== 'channel') return fail('method_not_supported_for_channel_type');
  if (c.isArchived && !options.archivedOk) return fail('is_archived');
  return c;
};
const isBody = (value: EmulatedConversation | SlackBody): value is SlackBody => 'ok' in value;

const create: MethodHandler = (state, params) => {
  const invalid = nameError(params.name ?? '');
  if (invalid) return fail(invalid);
  if (state.findByName(params.name)) return fail('name_taken');
  const channel = state.createChannel(params.name, flag(params.is_private));
  return { ok: true, channel: renderConversation(state, channel) };
};

const archive: MethodHandler = (state, params) => {
  const c = managed(state, params.channel, { archivedOk: true });
  if (isBody(c)) return c;
  if (c.isArchived) return fail('already_archived');
  if (c.isGeneral) return fail('cant_archive_general');
  if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
  c.isArchived = true;
  state.post(c, 'channel_archive', 'archived the channel');
  return { ok: true };
};

const unarchive: MethodHandler = (state, params) => {
  const c = managed(state, params.channel, { archivedOk: true });
  if (isBody(c)) return c;
  if (!c.isArchived) return fail('not_archived');
  c.isArchived = false;
  state.post(c, 'channel_unarchive', 'unarchived the channel');
  return { ok: true };
};

const rename: MethodHandler = (state, params) => {
  const c = managed(state, params.channel);
  if (isBody(c)) return c;
  if (c.isGeneral) return fail('not_authorized');
  const invalid = nameError(params.name ?? '');
  if (invalid) return fail(invalid);
  // Slack refuses a name any channel has, this one included.
  if (state.findByName(params.name)) return fail('name_taken');
  c.name = params.name;
  state.post(c, 'channel_name', `renamed the channel to ${params.name}`);
  return { ok: true, channel: renderConversation(state, c) };
};

/** setTopic and setPurpose: every call writes, and posts a message saying so (what callers must not repeat). */
const setText =
  (field: 'topic' | 'purpose'): MethodHandler =>
  (state, params) => {
    const c = find(state, params.channel);
    if (!c) return fail('channel_not_found');
    if (c.isArchived) return fail('is_archived');
    if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
    const value = params[field] ?? '';
    if (value.length > TOPIC_MAX) return fail('too_long');
    c[field] = value;
    state.post(c, `channel_${field}`, `set the channel ${field}: ${value}`);
    return { ok: true, channel: renderConversation(state, c) };
  };

const info: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  return { ok: true, channel: { ...renderConversation(state, c, flag(params.include_num_members)), ...(flag(params.include_locale) && { locale: 'en-US' }) } };
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

const join: MethodHandler = (state, params) => {
  const c = state.conversations.get(params.channel ?? '');
  if (!c || (c.isPrivate && !c.members.includes(state.botUserId))) return fail('channel_not_found');
  if (c.kind !== 'channel' || c.isPrivate) return fail('method_not_supported_for_channel_type');
  if (c.isArchived) return fail('is_archived');
  if (c.members.includes(state.botUserId)) {
    return { ok: true, channel: renderConversation(state, c), warning: 'already_in_channel', response_metadata: { warnings: ['already_in_channel'] } };
  }
  c.members.push(state.botUserId);
  state.post(c, 'channel_join', 'has joined the channel');
  return { ok: true, channel: renderConversation(state, c) };
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

/** Up to 100 users a call. Without `force` one bad user fails the call (nobody is invited); with it the others are. */
const invite: MethodHandler = (state, params) => {
  const c = managed(state, params.channel);
  if (isBody(c)) return c;
  if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
  const users = list(params.users);
  if (users.length === 0) return fail('no_user');
  if (users.length > INVITE_MAX) return fail('too_many_users');
  const errors: { user: string; ok: false; error: string }[] = [];
  for (const id of users) {
    const user = state.users.get(id);
    const error = !user ? 'user_not_found' : user.deleted ? 'user_is_restricted' : id === state.botUserId ? 'cant_invite_self' : c.members.includes(id) ? 'already_in_channel' : undefined;
    if (error) errors.push({ user: id, ok: false, error });
  }
  const valid = users.filter((id) => !errors.some((e) => e.user === id));
  if (errors.length > 0 && (!flag(params.force) || valid.length === 0)) return fail(errors[0].error, { errors });
  c.members.push(...valid);
  state.post(c, 'channel_join', `invited ${valid.join(', ')}`);
  return { ok: true, channel: renderConversation(state, c), ...(errors.length > 0 && { errors }) };
};

const kick: MethodHandler = (state, params) => {
  const c = managed(state, params.channel);
  if (isBody(c)) return c;
  if (!state.users.get(params.user ?? '')) return fail('user_not_found');
  if (params.user === state.botUserId) return fail('cant_kick_self');
  if (c.isGeneral) return fail('cant_kick_from_general');
  if (!c.members.includes(params.user)) return fail('not_in_channel');
  c.members = c.members.filter((id) => id !== params.user);
  state.post(c, 'channel_leave', `removed ${params.user}`);
  return { ok: true };
};

const members: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  const result = page(c.members, (id) => id, params);
  if ('error' in result) return fail(result.error);
  return { ok: true, members: result.items, response_metadata: { next_cursor: result.next } };
};

const mark: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (!/^\d{9,10}\.\d{6}$/.test(params.ts ?? '')) return fail('invalid_timestamp');
  if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
  c.lastRead = params.ts;
  return { ok: true };
};

const close: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (c.kind === 'channel') return fail('method_not_supported_for_channel_type');
  if (!c.isOpen) return { ok: true, no_op: true, already_closed: true };
  c.isOpen = false;
  return { ok: true };
};

const open: MethodHandler = (state, params) => {
  if (params.channel) {
    const c = find(state, params.channel);
    if (!c) return fail('channel_not_found');
    if (c.kind === 'channel') return fail('method_not_supported_for_channel_type');
    const wasOpen = c.isOpen;
    c.isOpen = true;
    const channel = flag(params.return_im) ? renderConversation(state, c) : { id: c.id };
    return wasOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
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
  if (!existing && flag(params.prevent_creation)) return { ok: true, no_op: true, channel: null };
  const c = existing ?? state.openDirect(others);
  const wasOpen = existing?.isOpen ?? false;
  c.isOpen = true;
  const channel = flag(params.return_im) || c.kind === 'mpim' ? renderConversation(state, c) : { id: c.id };
  return existing && wasOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
};

export const CONVERSATION_HANDLERS: Record<string, MethodHandler> = {
  'conversations.archive': archive,
  'conversations.unarchive': unarchive,
  'conversations.close': close,
  'conversations.create': create,
  'conversations.rename': rename,
  'conversations.setTopic': setText('topic'),
  'conversations.setPurpose': setText('purpose'),
  'conversations.list': conversationList,
  'conversations.info': info,
  'conversations.mark': mark,
  'conversations.invite': invite,
  'conversations.join': join,
  'conversations.kick': kick,
  'conversations.leave': leave,
  'conversations.open': open,
  'conversations.members': members,
};
