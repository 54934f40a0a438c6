import { classifyError, classifyResponse, type SlackResponse } from './outcome';
import { slackWebClient } from './slackClient';

/** Who a token belongs to, as Slack's auth.test tells it. */
export interface TokenOwner {
  team_id: string;
  team_name: string;
  bot_user_id: string;
  enterprise_id?: string;
}

export type AuthTestOutcome = { kind: 'ok'; owner: TokenOwner } | { kind: 'refused'; code: string } | { kind: 'unavailable'; message: string };

export type AuthTest = (token: string) => Promise<AuthTestOutcome>;

/** Pauses between tries when Slack could not answer (a 5xx, a timeout, a 429). */
const RETRY_DELAYS_MS = [200, 800];

/**
 * Asks Slack whose token this is; the token goes only in the Authorization header. An answer that
 * did not come (5xx, network, 429) is asked again twice before it counts as unavailable.
 */
export const createAuthTest = (options: { apiUrl: string; timeoutMs: number; retryDelaysMs?: readonly number[] }): AuthTest => {
  const once = askOnce(options);
  return async (token) => {
    let outcome = await once(token);
    for (const delay of options.retryDelaysMs ?? RETRY_DELAYS_MS) {
      if (outcome.kind !== 'unavailable') break;
      await new Promise((resolve) => setTimeout(resolve, delay));
      outcome = await once(token);
    }
    return outcome;
  };
};

const askOnce =
  (options: { apiUrl: string; timeoutMs: number }): AuthTest =>
  async (token) => {
    const client = slackWebClient(token, options);
    let outcome: ReturnType<typeof classifyResponse>;
    try {
      outcome = classifyResponse((await client.apiCall('auth.test', {})) as SlackResponse, 'auth.test');
    } catch (error) {
      outcome = classifyError(error, 'auth.test');
    }
    if (outcome.kind === 'permanent') return { kind: 'refused', code: outcome.code };
    if (outcome.kind !== 'succeeded') return { kind: 'unavailable', message: outcome.kind === 'transient' ? outcome.message : 'Slack is rate limiting auth.test' };
    const answer = outcome.response as SlackResponse & { team_id?: string; team?: string; user_id?: string; enterprise_id?: string };
    const teamId = answer.team_id || answer.enterprise_id;
    if (!teamId) return { kind: 'refused', code: 'no_team' };
    return {
      kind: 'ok',
      owner: {
        team_id: teamId,
        team_name: String(answer.team ?? ''),
        bot_user_id: String(answer.user_id ?? ''),
        ...(answer.enterprise_id && { enterprise_id: answer.enterprise_id }),
      },
    };
  };
