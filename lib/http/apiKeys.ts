import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config/config';
import { ADMIN_ACCESS, type Access, WORKSPACE_ID_PATTERN } from '../workspaces/access';

/** An accepted API key and what it may reach. */
export interface ApiKey {
  key: string;
  access: Access;
}

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Reads API_KEYS entries: `key` is an admin key (everything), `key=T111|T222` a key scoped to those
 * workspaces. A malformed entry is a configuration error that names its position, never its value.
 */
export const parseApiKeys = (entries: readonly string[]): ApiKey[] =>
  entries.map((entry, index) => {
    const at = entry.indexOf('=');
    if (at === -1) return { key: entry, access: ADMIN_ACCESS };
    const key = entry.slice(0, at);
    const workspaces = entry.slice(at + 1).split('|');
    if (key === '' || workspaces.some((workspace) => !WORKSPACE_ID_PATTERN.test(workspace))) {
      throw new ConfigError(`API_KEYS entry ${index + 1} must be key or key=T…|T… (workspace IDs)`);
    }
    return { key, access: { kind: 'scoped', workspaces: [...new Set(workspaces)] } };
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
