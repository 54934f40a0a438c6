import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** How much of the file's SHA-256 a key carries: 128 bits, so two different files never share keys. */
const HASH_CHARS = 32;
const KEY_PATTERN = /^scq:([0-9a-f]+):(\d+)$/;

/** The SHA-256 of a file's bytes (hex), read as a stream. */
export const hashFile = async (path: string): Promise<string> => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
};

/** The SHA-256 of some text (hex): what hashFile gives for a file holding it. */
export const hashText = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** What a bulk run's options add to each line's request: a line means another job under other defaults. */
export interface KeyedOptions {
  method?: string;
  workspace?: string;
  callback_url?: string;
}

/**
 * The hash a bulk run's keys carry: the file's content (its SHA-256) and the options that shape
 * every line's request, so the same command on the same file gives the same keys, and the same
 * file run with another --method is another set of jobs (not a conflict with the first).
 */
export const runHash = (fileHash: string, options: KeyedOptions): string =>
  hashText(JSON.stringify([fileHash, options.method ?? null, options.workspace ?? null, options.callback_url ?? null]));

/**
 * The idempotency key of one line of a bulk file: `scq:<first 32 hex of the run's hash>:<line>`.
 * The same file (with the same options) submits the same keys, so running it again queues nothing twice; any change to the
 * file gives every line a new key.
 */
export const lineKey = (hash: string, line: number): string => `scq:${hash.slice(0, HASH_CHARS)}:${line}`;

/** The line number a key of lineKey's form names, else undefined. */
export const lineOfKey = (key: string | undefined): number | undefined => {
  const match = KEY_PATTERN.exec(key ?? '');
  return match ? Number(match[2]) : undefined;
};
