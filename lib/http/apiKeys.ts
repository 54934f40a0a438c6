import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Compares a presented key with every accepted key in constant time: hashing first makes the
 * lengths equal, and the loop never stops early, so timing reveals neither a key nor which one matched.
 */
export const matchingKey = (presented: string, accepted: readonly string[]): string | undefined => {
  const presentedDigest = digest(presented);
  let match: string | undefined;
  for (const key of accepted) {
    if (timingSafeEqual(presentedDigest, digest(key))) match = key;
  }
  return match;
};

/** Names a key in logs and views without revealing it. */
export const keyId = (key: string): string => digest(key).toString('hex').slice(0, 12);

export const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
};
