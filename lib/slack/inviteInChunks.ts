import type { SlackOutcome, SlackResponse } from './outcome';
import type { SlackCall } from './slackClient';

interface PerUserError {
  user?: string;
  error?: string;
}

export interface InviteResult {
  invited: string[];
  already_in_channel: string[];
  failed: { user: string; error: string }[];
}

const perUserErrors = (response: SlackResponse | undefined): PerUserError[] => (Array.isArray(response?.errors) ? (response.errors as PerUserError[]) : []);

/**
 * Invites many users, at most `size` a call (Slack's limit is 100). Users already in the channel
 * count as done; a call that fails for some users (Slack lists them in `errors`) is made again for
 * the others, so one bad ID does not hold back the rest. The result says who was invited, who was
 * already there, and who could not be invited and why. A rate limit or transient failure ends the
 * run so the job is retried; the users a retry finds already in the channel are not invited twice.
 */
export const inviteInChunks = async (call: SlackCall, method: string, args: Record<string, unknown>, size: number): Promise<SlackOutcome> => {
  const users = [...new Set(args.users as string[])];
  const result: InviteResult = { invited: [], already_in_channel: [], failed: [] };
  let channel: unknown;
  for (let start = 0; start < users.length; start += size) {
    let pending = users.slice(start, start + size);
    while (pending.length > 0) {
      const outcome = await call(method, { ...args, users: pending });
      if (outcome.kind === 'rate_limited' || outcome.kind === 'transient') return outcome;
      const { response } = outcome;
      const errors = perUserErrors(response);
      if (outcome.kind === 'succeeded' && outcome.alreadyDone === 'already_in_channel' && errors.length === 0) {
        result.already_in_channel.push(...pending);
        break;
      }
      if (outcome.kind === 'permanent' && errors.length === 0) {
        // One user and no per-user list: the error is that user's; several: the call failed as a whole.
        if (pending.length > 1) return outcome;
        result.failed.push({ user: pending[0], error: outcome.code });
        break;
      }
      const refused = new Set<string>();
      for (const { user, error } of errors) {
        if (!user || !pending.includes(user)) continue;
        refused.add(user);
        if (error === 'already_in_channel') result.already_in_channel.push(user);
        else result.failed.push({ user, error: error ?? 'unknown_error' });
      }
      if (outcome.kind === 'succeeded') {
        channel = response?.channel ?? channel;
        result.invited.push(...pending.filter((user) => !refused.has(user)));
        break;
      }
      // Slack invited no one (no `force`): try again without the users it refused.
      pending = pending.filter((user) => !refused.has(user));
      if (refused.size === 0) return outcome;
    }
  }
  const response: SlackResponse = { ok: result.failed.length === 0, ...(channel !== undefined && { channel }), ...result };
  if (result.failed.length > 0) {
    return {
      kind: 'permanent',
      code: result.failed[0].error,
      message: `${result.failed.length} of ${users.length} users could not be invited`,
      response,
    };
  }
  return { kind: 'succeeded', response, ...(result.invited.length === 0 && { alreadyDone: 'already_in_channel' }) };
};
