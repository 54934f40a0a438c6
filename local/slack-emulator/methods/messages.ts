import type { EmulatedMessage } from '../state';
import { fail, find, flag, type MethodHandler, page, type Params } from './common';

const TS = /^\d{9,10}\.\d{6}$/;

/** Slack's message object: a thread's parent carries its reply counts, a reply its parent's user. */
const render = (m: EmulatedMessage, replies: EmulatedMessage[], parentUser?: string) => ({
  type: 'message',
  ...(m.subtype && { subtype: m.subtype }),
  user: m.user,
  text: m.text,
  ts: m.ts,
  ...(m.thread_ts && { thread_ts: m.thread_ts, ...(parentUser && { parent_user_id: parentUser }) }),
  ...(replies.length > 0 && {
    thread_ts: m.ts,
    reply_count: replies.length,
    reply_users: [...new Set(replies.map((r) => r.user))],
    reply_users_count: new Set(replies.map((r) => r.user)).size,
    latest_reply: replies[replies.length - 1].ts,
    subscribed: false,
  }),
});

/** Messages inside `oldest` / `latest` (exclusive unless `inclusive`). */
const inRange = (messages: EmulatedMessage[], params: Params): EmulatedMessage[] | { error: string } => {
  for (const bound of ['oldest', 'latest'] as const) {
    if (params[bound] !== undefined && !TS.test(params[bound]) && params[bound] !== '0') return { error: `invalid_ts_${bound}` };
  }
  const oldest = Number(params.oldest ?? 0);
  const latest = params.latest === undefined ? Number.POSITIVE_INFINITY : Number(params.latest);
  const inclusive = flag(params.inclusive);
  return messages.filter((m) => {
    const at = Number(m.ts);
    return (inclusive ? at >= oldest : at > oldest) && (inclusive ? at <= latest : at < latest);
  });
};

/** Newest first, top-level messages only; threads show as their parent with a reply count. */
const history: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
  const ranged = inRange(c.messages.filter((m) => !m.thread_ts), params);
  if ('error' in ranged) return fail(ranged.error);
  const newestFirst = [...ranged].reverse();
  const result = page(newestFirst, (m) => m.ts, params);
  if ('error' in result) return fail(result.error);
  const messages = result.items.map((m) => render(m, c.messages.filter((r) => r.thread_ts === m.ts)));
  return { ok: true, messages, has_more: result.next !== '', pin_count: 0, channel_actions_ts: null, channel_actions_count: 0, response_metadata: { next_cursor: result.next } };
};

/** The parent, then its replies, oldest first. */
const replies: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
  if (!TS.test(params.ts ?? '')) return fail('invalid_ts');
  const parent = c.messages.find((m) => m.ts === params.ts && !m.thread_ts);
  if (!parent) return fail('thread_not_found');
  const thread = c.messages.filter((m) => m.thread_ts === parent.ts);
  const ranged = inRange([parent, ...thread], params);
  if ('error' in ranged) return fail(ranged.error);
  const result = page(ranged, (m) => m.ts, params);
  if ('error' in result) return fail(result.error);
  const messages = result.items.map((m) => (m === parent ? render(m, thread) : render(m, [], parent.user)));
  return { ok: true, messages, has_more: result.next !== '', response_metadata: { next_cursor: result.next } };
};

export const MESSAGE_HANDLERS: Record<string, MethodHandler> = {
  'conversations.history': history,
  'conversations.replies': replies,
};
