import type { SlackOutcome } from './outcome';
import type { SlackCall } from './slackClient';

/**
 * Sets a conversation's topic or purpose only when it differs: Slack posts a "set the channel
 * topic" message for every write, so a repeated or retried job must not write the same value again.
 * Reads the current value with conversations.info (its own pacing group) first.
 */
export const writeIfDiffers = async (
  call: SlackCall,
  method: string,
  args: Record<string, unknown>,
  compare: { arg: string; field: 'topic' | 'purpose' },
): Promise<SlackOutcome> => {
  const info = await call('conversations.info', { channel: args.channel });
  if (info.kind !== 'succeeded') return info;
  const channel = info.response.channel as Record<string, { value?: string } | undefined> | undefined;
  if ((channel?.[compare.field]?.value ?? '') === args[compare.arg]) {
    return { kind: 'succeeded', response: { ok: true, channel }, alreadyDone: `${compare.field}_unchanged` };
  }
  return call(method, args);
};
