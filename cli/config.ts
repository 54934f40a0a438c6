import { parseApiKeys } from '../lib/http/apiKeys';
import { UsageError } from './errors';

/** Where the API is and the key to present; the key is never printed. */
export interface Connection {
  url: string;
  apiKey: string;
}

export interface ConnectionOptions {
  url?: string;
  apiKey?: string;
}

/** `http://127.0.0.1:$PORT` when PORT is set (the local stack's port), else port 3000. */
export const defaultUrl = (env: NodeJS.ProcessEnv): string => `http://127.0.0.1:${env.PORT?.trim() || '3000'}`;

/**
 * The key part of API_KEYS' first entry (`key` or `key=T111|T222`): the local stack's keys, so a
 * shell that started `npm start` with API_KEYS set can use the CLI as it is.
 */
export const keyFromApiKeys = (apiKeys: string | undefined): string | undefined => {
  const first = apiKeys?.split(',')[0]?.trim();
  if (!first) return undefined;
  try {
    // As the server reads it: a key ending in base64 `=` is a key, `key=T111|T222` a scoped one.
    return parseApiKeys([first])[0].key;
  } catch {
    return undefined;
  }
};

/** A key must be visible ASCII: anything else would be quoted back by Node's header check, key and all. */
const PRINTABLE_KEY = /^[\x21-\x7e]{1,512}$/;

/** --url / SCQ_URL / the local stack; --api-key / SCQ_API_KEY / API_KEYS' first key. */
export const resolveConnection = (options: ConnectionOptions, env: NodeJS.ProcessEnv): Connection => {
  const url = (options.url ?? env.SCQ_URL ?? defaultUrl(env)).replace(/\/+$/, '');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`unsupported protocol ${parsed.protocol}`);
  } catch (error) {
    throw new UsageError(`--url / SCQ_URL must be an http(s) URL (${(error as Error).message})`, { cause: error });
  }
  const apiKey = options.apiKey ?? (env.SCQ_API_KEY || undefined) ?? keyFromApiKeys(env.API_KEYS);
  if (!apiKey) throw new UsageError('no API key: set SCQ_API_KEY (or pass --api-key); npm start prints the key it generated');
  if (!PRINTABLE_KEY.test(apiKey)) throw new UsageError('the API key holds a space, a line break or another character that is not visible ASCII (it is not shown here)');
  return { url, apiKey };
};
