import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/config';
import { ADMIN_ACCESS, type Access, WORKSPACE_ID_PATTERN } from '../workspaces/access';

/** An accepted API key and what it may reach. */
export interface ApiKey {
  key: string;
  access: Access;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** A key may be scoped to at most this many workspaces (a listing filters by them in one query). */
export const SCOPED_WORKSPACES_MAX = 100;

/**
 * Reads API_KEYS entries: `key` is an admin key (everything), `key=T111|T222` a key scoped to those
 * workspaces. What follows the last `=` is a scope only when it looks like one (capitals, digits
 * and `|`), so a base64 key ending in `=` stays an admin key; a scope that looks meant but is
 * malformed is a configuration error that names its position, never its value.
 */
export const parseApiKeys = (entries: readonly string[]): ApiKey[] =>
  entries.map((entry, index) => {
    const at = entry.lastIndexOf('=');
    const scope = at === -1 ? '' : entry.slice(at + 1);
    if (!/^[A-Z0-9]+(\|[A-Z0-9]+)*$/.test(scope)) return { key: entry, access: ADMIN_ACCESS };
    const key = entry.slice(0, at);
    const workspaces = [...new Set(scope.split('|'))];
    if (key === '' || workspaces.length > SCOPED_WORKSPACES_MAX || workspaces.some((workspace) => !WORKSPACE_ID_PATTERN.test(workspace))) {
      throw new ConfigError(`API_KEYS entry ${index + 1} must be key or key=T…|T… (at most ${SCOPED_WORKSPACES_MAX} workspace IDs)`);
    }
    return { key, access: { kind: 'scoped', workspaces } };
  });

/**
 * Compares a presented key with every accepted key in constant time: hashing first makes the
 * lengths equal, and the loop never stops early, so timing reveals neither a key nor which one matched.
 */
export const matchingKey = <K extends string | ApiKey>(presented: string, accepted: readonly K[]): K | undefined => {
  const presentedDigest = digest(presented);
  let match: K | undefined;
  for (const entry of accepted) {
    const key = typeof entry === 'string' ? entry : entry.key;
    if (timingSafeEqual(presentedDigest, digest(key))) match = entry;
  }
  return match;
};

/** Names a key in logs and views without revealing it. */
export const keyId = (key: string): string => digest(key).toString('hex').slice(0, 12);

export const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
};
