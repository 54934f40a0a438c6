import { createHash } from 'node:crypto';

/** How much of a line's hash a key carries: 128 bits, so two different lines never share a key. */
const HASH_CHARS = 32;
const KEY_PATTERN = /^scq:([0-9a-f]+):(\d+)$/;

/** The SHA-256 of some text (hex). */
export const hashText = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

/** What a bulk run's options add to each line's request: a line means another job under other defaults. */
export interface KeyedOptions {
  method?: string;
  workspace?: string;
  callback_url?: string;
}

/** The hash of a bulk run's options, which every line's key carries. */
export const runHash = (options: KeyedOptions): string => hashText(JSON.stringify([options.method ?? null, options.workspace ?? null, options.callback_url ?? null]));

/**
 * The idempotency key of one line of a bulk file: `scq:<hash of the options and the line's job>:<line>`.
 * The same line of the same file (with the same options) gives the same key, so running it again
 * queues nothing twice; editing one line (say, to fix one the API refused) changes that line's key
 * only, so the lines already sent stay sent.
 */
export const lineKey = (hash: string, job: unknown, line: number): string =>
  `scq:${hashText(`${hash}\n${JSON.stringify(job)}`).slice(0, HASH_CHARS)}:${line}`;

/** The line number a key of lineKey's form names, else undefined. */
export const lineOfKey = (key: string | undefined): number | undefined => {
  const match = KEY_PATTERN.exec(key ?? '');
  return match ? Number(match[2]) : undefined;
};
