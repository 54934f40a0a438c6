import type { EmulatedConversation, WorkspaceState } from '../state';

export type Params = Record<string, string>;
export type SlackBody = Record<string, unknown> & { ok: boolean; error?: string };
export type MethodHandler = (state: WorkspaceState, params: Params) => SlackBody;

export const fail = (error: string, extra: Record<string, unknown> = {}): SlackBody => ({ ok: false, error, ...extra });
export const flag = (value: string | undefined) => value === 'true' || value === '1';
export const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** Slack's conversation object (objs_conversation), as much of it as callers read. */
export const renderConversation = (state: WorkspaceState, c: EmulatedConversation, withCount = false): Record<string, unknown> => {
  if (c.kind === 'im') {
    return { id: c.id, created: c.created, is_im: true, is_org_shared: false, user: c.user, is_user_deleted: false, priority: 0, is_open: c.isOpen };
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
    is_shared: c.sharedWith.length > 0,
    is_org_shared: false,
    is_pending_ext_shared: false,
    pending_shared: [],
    context_team_id: state.teamId,
    updated: c.created * 1000,
    parent_conversation: null,
    creator: c.creator,
    is_ext_shared: c.sharedWith.length > 0,
    shared_team_ids: [state.teamId, ...c.sharedWith],
    pending_connected_team_ids: [],
    is_member: c.members.includes(state.botUserId),
    last_read: c.lastRead,
    topic: { value: c.topic, creator: c.topic ? state.botUserId : '', last_set: 0 },
    purpose: { value: c.purpose, creator: c.purpose ? state.botUserId : '', last_set: 0 },
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

/** A page of `items` after the cursor; the page size defaults to 100 and is capped at 1000, as Slack does. */
export const page = <T>(items: T[], keyOf: (item: T) => string, params: Params, sizeParam = 'limit'): { items: T[]; next: string } | { error: string } => {
  const limit = params[sizeParam] === undefined ? 100 : Number(params[sizeParam]);
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

/** A conversation the bot can see, by ID. */
export const find = (state: WorkspaceState, id: string | undefined): EmulatedConversation | undefined => {
  const c = id ? state.conversations.get(id) : undefined;
  return c && state.visible(c) ? c : undefined;
};

export const CHANNEL_NAME = /^[a-z0-9_-]+$/;

/** Slack's checks on a new channel name, in its order. */
export const nameError = (name: string): string | undefined => {
  if (name === '') return 'invalid_name_required';
  if (name.length > 80) return 'invalid_name_maxlength';
  if (!CHANNEL_NAME.test(name)) return 'invalid_name_specials';
  return undefined;
};
