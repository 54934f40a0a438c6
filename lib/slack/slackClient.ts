import { type FetchFunction, LogLevel, WebClient } from '@slack/web-api';
import { classifyError, classifyResponse, InvalidResponseError, ResponseTooLargeError, type SlackOutcome, type SlackResponse } from './outcome';

/** Slack's answers are far smaller; one this large would crowd a 512 MB function (issue 14). */
export const SLACK_RESPONSE_MAX_BYTES = 10 * 1024 * 1024;

export interface SlackClientOptions {
  /** Read when first needed, so a missing token fails calls rather than the Lambda's start. */
  token: () => Promise<string>;
  apiUrl: string;
  timeoutMs: number;
}

export type SlackCall = (method: string, args: Record<string, unknown>) => Promise<SlackOutcome>;

/** Slack takes list-valued arguments as comma-separated strings in a form body, and objects as JSON. */
export const toSlackForm = (args: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(args)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : value !== null && typeof value === 'object' ? JSON.stringify(value) : value]),
  );

/** Reads a body chunk by chunk, cancelling the download as soon as it passes `maxBytes`. */
export const readCapped = async (response: Response, maxBytes: number): Promise<Buffer> => {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel();
    throw new ResponseTooLargeError(response.status, maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new ResponseTooLargeError(response.status, maxBytes);
    }
    chunks.push(value);
  }
};

/** Throws unless the body is Slack JSON: an object with a boolean `ok`. */
export const assertSlackJson = (status: number, text: string): void => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InvalidResponseError(status, text, { cause: error });
  }
  const isObject = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  if (!isObject || typeof (parsed as { ok?: unknown }).ok !== 'boolean') throw new InvalidResponseError(status, text);
};

type FetchResponse = Awaited<ReturnType<FetchFunction>>;

/** The answer as WebClient reads it, from a body already read. */
const readResponse = (response: Response, text: string): FetchResponse => ({
  ok: response.ok,
  status: response.status,
  statusText: response.statusText,
  url: response.url,
  headers: response.headers,
  text: async () => text,
  json: async () => JSON.parse(text),
  arrayBuffer: async () => new TextEncoder().encode(text).buffer,
});

/**
 * WebClient 8 reads answers through `fetch` (no axios, so no maxContentLength): handing it a fetch
 * that streams with a cap and checks the body is the smallest hook that truly cuts off.
 * Its errors reach `classifyError` as a request error's `original`.
 */
export const cappedFetch =
  (maxBytes: number = SLACK_RESPONSE_MAX_BYTES): FetchFunction =>
  async (url, init) => {
    const response = await fetch(url, init);
    // A 429 is a rate limit whatever its body says, and WebClient reads only its headers.
    if (response.status === 429) {
      await response.body?.cancel();
      return response;
    }
    const text = (await readCapped(response, maxBytes)).toString('utf8');
    // Only a 200 must be Slack JSON; another status keeps its meaning (a 404 is a wrong SLACK_API_URL, a 503 is worth a retry).
    if (response.status === 200) assertSlackJson(response.status, text);
    return readResponse(response, text);
  };

/**
 * A WebClient as the service uses one: its own retries and rate-limit waits off (the worker's
 * retries, pacing and message visibility do that), answers read through the capped fetch.
 */
export const slackWebClient = (token: string | undefined, options: Omit<SlackClientOptions, 'token'>): WebClient =>
  new WebClient(token, {
    slackApiUrl: options.apiUrl,
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs,
    fetch: cappedFetch(),
    logLevel: LogLevel.ERROR,
  });

/**
 * One Slack call, classified. Retries and rate-limit waits are the worker's (requeued retries,
 * pacing, message visibility), so the client's own are off.
 */
export const createSlackCall = (options: SlackClientOptions): SlackCall => {
  let client: WebClient | undefined;
  const clientFor = async () => (client ??= slackWebClient(await options.token(), options));
  return async (method, args) => {
    try {
      const response = (await (await clientFor()).apiCall(method, toSlackForm(args))) as SlackResponse;
      return classifyResponse(response, method);
    } catch (error) {
      // A missing token is the operator's to fix; retrying cannot help.
      // (Told by name: the token getter's configuration error, without this module depending on config.)
      if ((error as Error | undefined)?.name === 'ConfigError') return { kind: 'permanent', code: 'server_misconfigured', message: (error as Error).message };
      return classifyError(error, method);
    }
  };
};

/** Calls Slack with a given token; one client per token, kept while the process lives. */
export type SlackCaller = (token: string) => SlackCall;

export const createSlackCaller = (options: Omit<SlackClientOptions, 'token'>): SlackCaller => {
  const calls = new Map<string, SlackCall>();
  return (token) => {
    let call = calls.get(token);
    if (!call) {
      call = createSlackCall({ ...options, token: async () => token });
      calls.set(token, call);
    }
    return call;
  };
};
