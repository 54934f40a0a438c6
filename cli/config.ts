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
  const at = first.indexOf('=');
  const key = at === -1 ? first : first.slice(0, at);
  return key === '' ? undefined : key;
};

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
  return { url, apiKey };
};
