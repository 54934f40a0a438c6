import type { MethodHandler } from './common';
import { CONNECT_HANDLERS } from './connect';
import { CONVERSATION_HANDLERS } from './conversations';
import { MESSAGE_HANDLERS } from './messages';

export type { MethodHandler, Params, SlackBody } from './common';

const authTest: MethodHandler = (state) => ({
  ok: true,
  url: 'https://local-emulator.slack.com/',
  team: state.teamName,
  user: 'queue-bot',
  team_id: state.teamId,
  user_id: state.botUserId,
  bot_id: 'B0BOT00001',
});

/** Every method the emulator answers: the 28 conversations.* methods and auth.test. */
export const METHOD_HANDLERS: Record<string, MethodHandler> = {
  'auth.test': authTest,
  ...CONVERSATION_HANDLERS,
  ...MESSAGE_HANDLERS,
  ...CONNECT_HANDLERS,
};
