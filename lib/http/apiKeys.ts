import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Compares a presented key with every accepted key in constant time: hashing first makes the
 * lengths equal, and the loop never stops early, so timing reveals neither a key nor which one matched.
 */
export const isAcceptedKey = (presented: string, accepted: readonly string[]): boolean => {
  const presentedDigest = digest(presented);
  let match = false;
  for (const key of accepted) {
    match = timingSafeEqual(presentedDigest, digest(key)) || match;
  }
  return match;
};

export const bearerToken = (authorization: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match?.[1];
};
