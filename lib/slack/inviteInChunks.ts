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
      const refused = new Map<string, string>();
      for (const { user, error } of perUserErrors(response)) {
        if (user && pending.includes(user)) refused.set(user, error ?? 'unknown_error');
      }
      const record = (user: string, error: string) => {
        if (error === 'already_in_channel') result.already_in_channel.push(user);
        else result.failed.push({ user, error });
      };
      if (response?.ok !== false) {
        // Slack invited everyone it did not list (with `force`, some may be listed).
        for (const [user, error] of refused) record(user, error);
        result.invited.push(...pending.filter((user) => !refused.has(user)));
        channel = response?.channel ?? channel;
        break;
      }
      // Slack invited no one. Without a per-user list, one user's error is that user's; several
      // users' "already in" is all of theirs; anything else failed the call as a whole.
      const code = typeof response.error === 'string' ? response.error : 'unknown_error';
      if (refused.size === 0) {
        if (pending.length > 1 && code !== 'already_in_channel') return outcome;
        for (const user of pending) record(user, code);
        break;
      }
      for (const [user, error] of refused) record(user, error);
      pending = pending.filter((user) => !refused.has(user));
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
