import type { SharedInvite } from '../state';
import { fail, find, flag, list, type MethodHandler, nameError, page } from './common';

const canvasCreate: MethodHandler = (state, params) => {
  const c = find(state, params.channel_id);
  if (!c) return fail('channel_not_found');
  if (c.kind !== 'channel') return fail('channel_canvas_creation_failed');
  if (c.canvasId) return fail('channel_canvas_already_exists');
  if (params.document_content !== undefined) {
    try {
      const content = JSON.parse(params.document_content) as { type?: string; markdown?: unknown };
      if (content.type !== 'markdown' || typeof content.markdown !== 'string') return fail('invalid_document_content');
    } catch {
      return fail('invalid_document_content');
    }
  }
  c.canvasId = `F7${String(state.conversations.size).padStart(9, '0')}`;
  return { ok: true, canvas_id: c.canvasId };
};

const inviteShared: MethodHandler = (state, params) => {
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (c.kind !== 'channel' || c.isGeneral) return fail('restricted_action');
  if (!c.members.includes(state.botUserId)) return fail('not_in_channel');
  const emails = list(params.emails);
  const userIds = list(params.user_ids);
  if (emails.length + userIds.length !== 1) return fail('invalid_arguments');
  if (userIds[0] && c.members.includes(userIds[0])) return fail('already_in_channel');
  const id = state.nextInviteId();
  state.invites.set(id, { id, direction: 'outgoing', status: 'pending', channelId: c.id, channelName: c.name, teamId: state.externalTeam.id, email: emails[0], userId: userIds[0], created: Math.floor(Date.now() / 1000) });
  return { ok: true, invite_id: id, is_legacy_shared_channel: false };
};

const acceptSharedInvite: MethodHandler = (state, params) => {
  const invite = [...state.invites.values()].find((i) => i.direction === 'incoming' && (i.id === params.invite_id || i.channelId === params.channel_id));
  if (!invite) return fail('invalid_link');
  if (invite.status === 'accepted') return fail('has_already_connected_to_org');
  if (invite.status === 'declined') return fail('invite_not_found');
  const invalid = nameError(params.channel_name ?? '');
  if (invalid) return fail(invalid);
  if (state.findByName(params.channel_name)) return fail('name_taken');
  const channel = state.createChannel(params.channel_name, flag(params.is_private));
  channel.sharedWith.push(invite.teamId);
  invite.status = 'accepted';
  return { ok: true, implicit_approval: true, channel_id: channel.id, invite_id: invite.id };
};

/** approve / decline an outgoing invite waiting for this workspace's admin. */
const decide =
  (decision: 'approved' | 'declined'): MethodHandler =>
  (state, params) => {
    const invite = state.invites.get(params.invite_id ?? '');
    if (!invite) return fail('invalid_invite_id');
    if (params.target_team && params.target_team !== invite.teamId) return fail('invalid_target_team');
    if (invite.status === decision) return fail(decision === 'approved' ? 'already_approved' : 'already_declined');
    if (invite.status !== 'pending') return fail('invite_not_pending');
    invite.status = decision;
    if (decision === 'approved') state.conversations.get(invite.channelId)?.sharedWith.push(invite.teamId);
    return { ok: true };
  };

const renderInvite = (state: { teamId: string; externalTeam: { id: string; name: string } }, i: SharedInvite) => ({
  direction: i.direction,
  status: i.status,
  date_last_updated: i.created,
  type: 'channel',
  channel: { id: i.channelId, is_private: false, is_im: false, name: i.channelName },
  invite: {
    id: i.id,
    date_created: i.created,
    date_invalid: i.created + 14 * 86_400,
    inviting_team: { id: i.direction === 'incoming' ? i.teamId : state.teamId },
    ...(i.email && { recipient_email: i.email }),
    ...(i.userId && { recipient_user_id: i.userId }),
  },
});

const listConnectInvites: MethodHandler = (state, params) => {
  const all = [...state.invites.values()];
  const result = page(all, (i) => i.id, params, 'count');
  if ('error' in result) return fail(result.error);
  return { ok: true, invites: result.items.map((i) => renderInvite(state, i)), response_metadata: { next_cursor: result.next } };
};

const externalInvitePermissions: MethodHandler = (state, params) => {
  if (params.action !== 'upgrade' && params.action !== 'downgrade') return fail('invalid_action');
  const c = find(state, params.channel);
  if (!c) return fail('channel_not_found');
  if (!c.sharedWith.includes(params.target_team ?? '')) return fail('invalid_target_team');
  return { ok: true };
};

const request =
  (decision: 'approved' | 'denied'): MethodHandler =>
  (state, params) => {
    const found = state.inviteRequests.get(params.invite_id ?? '');
    if (!found) return fail('invite_not_found');
    if (found.status === decision) return fail(decision === 'approved' ? 'invite_already_approved' : 'invite_already_denied');
    if (found.status !== 'pending') return fail('invite_not_pending');
    if (decision === 'approved' && !found.channelId && !params.channel_id) return fail('channel_id_required');
    found.status = decision;
    return { ok: true };
  };

const requestList: MethodHandler = (state, params) => {
  const wanted = new Set(['pending', ...(flag(params.include_approved) ? ['approved'] : []), ...(flag(params.include_denied) ? ['denied'] : []), ...(flag(params.include_expired) ? ['expired'] : [])]);
  const ids = list(params.invite_ids);
  const all = [...state.inviteRequests.values()].filter((r) => wanted.has(r.status) && (ids.length === 0 || ids.includes(r.id)) && (!params.user_id || r.requester === params.user_id));
  const result = page(all, (r) => r.id, params);
  if ('error' in result) return fail(result.error);
  const invite_requests = result.items.map((r) => ({
    id: r.id,
    date_created: r.created,
    date_expire: r.created + 14 * 86_400,
    status: r.status,
    requester_id: r.requester,
    target_user: { email: r.email },
    ...(r.channelId && { channel: { id: r.channelId } }),
  }));
  return { ok: true, invite_requests, response_metadata: { next_cursor: result.next } };
};

export const CONNECT_HANDLERS: Record<string, MethodHandler> = {
  'conversations.canvases.create': canvasCreate,
  'conversations.inviteShared': inviteShared,
  'conversations.acceptSharedInvite': acceptSharedInvite,
  'conversations.approveSharedInvite': decide('approved'),
  'conversations.declineSharedInvite': decide('declined'),
  'conversations.listConnectInvites': listConnectInvites,
  'conversations.externalInvitePermissions.set': externalInvitePermissions,
  'conversations.requestSharedInvite.approve': request('approved'),
  'conversations.requestSharedInvite.deny': request('denied'),
  'conversations.requestSharedInvite.list': requestList,
};
