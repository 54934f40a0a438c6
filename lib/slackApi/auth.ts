import { bearerToken, keyId, matchingKey, parseApiKeys } from '../http/apiKeys';
import type { Caller } from '../http/types';
import { SlackApiRefusedError } from './errors';
import type { SlackParams } from './params';

/**
 * The caller, from `Authorization: Bearer <API key>` (how Slack's SDKs send their token), else a
 * `token` field (how some older clients send it). Refused as Slack refuses: `not_authed` when no key
 * came, `invalid_auth` when it is not one of API_KEYS.
 */
export const authenticateSlackCall = async (headers: Record<string, string | undefined>, params: SlackParams, acceptedKeys: () => Promise<readonly string[]>): Promise<Caller> => {
  const fromField = typeof params.token === 'string' && params.token !== '' ? params.token : undefined;
  const presented = bearerToken(headers.authorization) ?? fromField;
  if (presented === undefined) throw new SlackApiRefusedError('not_authed', 'No API key was sent');
  const match = matchingKey(presented, parseApiKeys(await acceptedKeys()));
  if (match === undefined) throw new SlackApiRefusedError('invalid_auth', 'The API key is not valid');
  return { keyId: keyId(match.key), access: match.access };
};
