import { ErrorCode, type WebAPICallResult } from '@slack/web-api';
import { alreadyDoneErrors } from '../catalogue/catalogue';
import { redactText } from '../logging/redact';

export type SlackResponse = WebAPICallResult & Record<string, unknown>;

export type SlackOutcome =
  /** Done, or "already done" (`alreadyDone`), which also counts as success. */
  | { kind: 'succeeded'; response: SlackResponse; alreadyDone?: string }
  /** Never retried: the same call would fail the same way. */
  | { kind: 'permanent'; code: string; message: string; response?: SlackResponse }
  /**
   * HTTP 429: wait `retryAfterSeconds` (when Slack gave a usable one) before calling this method
   * again. `source: 'pacer'` when our own pacing, not Slack, asked for the wait.
   */
  | { kind: 'rate_limited'; retryAfterSeconds?: number; source?: 'pacer' }
  /** Worth retrying with backoff; `maxAttempts` caps errors that Slack says to retry only once. */
  | { kind: 'transient'; code: string; message: string; maxAttempts?: number };

/** Longest piece of a non-Slack body an outcome carries: enough to tell an HTML page from a proxy's note. */
export const SLACK_EXCERPT_MAX_CHARS = 200;

/** A short, single-line, token-free start of a text, for messages and logs. */
export const excerpt = (text: string): string => {
  // Redact before cutting, so a token straddling the cut cannot leave a readable part behind.
  const flat = redactText(text.slice(0, SLACK_EXCERPT_MAX_CHARS * 2)).replace(/\s+/g, ' ').trim();
  return flat.length > SLACK_EXCERPT_MAX_CHARS ? `${flat.slice(0, SLACK_EXCERPT_MAX_CHARS - 1)}…` : flat;
};

/** Slack answered something other than a JSON object with a boolean `ok` (an HTML page, invalid JSON, nothing). */
export class InvalidResponseError extends Error {
  readonly status: number;
  readonly excerpt: string;

  constructor(status: number, body: string, options?: ErrorOptions) {
    const start = excerpt(body);
    super(`Slack answered HTTP ${status} with a body that is not Slack JSON: ${start === '' ? '(empty body)' : start}`, options);
    this.name = 'InvalidResponseError';
    this.status = status;
    this.excerpt = start;
  }
}

/** Slack's answer passed the size cap and was cut off unread. */
export class ResponseTooLargeError extends Error {
  readonly status: number;
  readonly maxBytes: number;

  constructor(status: number, maxBytes: number, options?: ErrorOptions) {
    super(`Slack's answer (HTTP ${status}) was larger than ${maxBytes} bytes and was cut off`, options);
    this.name = 'ResponseTooLargeError';
    this.status = status;
    this.maxBytes = maxBytes;
  }
}

/** Platform errors that may pass: retry with exponential backoff and jitter. */
export const TRANSIENT_ERRORS = new Set([
  'internal_error',
  'service_unavailable',
  'fatal_error',
  'request_timeout',
  'team_added_to_org',
  'org_login_required',
]);

/** `request_timeout` means Slack received truncated POST data: retry it at most once. */
const RETRY_AT_MOST_ONCE = new Set(['request_timeout']);

/** Successful responses whose flags say nothing changed because it already had (leave, open, close, join). */
const alreadyDoneFlag = (response: SlackResponse): string | undefined => {
  for (const flag of ['not_in_channel', 'already_open', 'already_closed', 'no_op'] as const) {
    if (response[flag] === true) return flag;
  }
  const warnings = [response.warning, ...((response.response_metadata as { warnings?: unknown[] } | undefined)?.warnings ?? [])];
  if (warnings.some((warning) => typeof warning === 'string' && warning.split(',').includes('already_in_channel'))) return 'already_in_channel';
  return undefined;
};

export const classifyResponse = (response: SlackResponse, method: string): SlackOutcome => {
  if (response.ok) {
    const flag = alreadyDoneFlag(response);
    return { kind: 'succeeded', response, ...(flag && { alreadyDone: flag }) };
  }
  return classifyPlatformError(response, method);
};

/** Both spellings have been seen in 429 bodies. */
const RATE_LIMITED_ERRORS = new Set(['ratelimited', 'rate_limited']);

/** Slack's error codes are short words in snake_case. */
const SLACK_ERROR_CODE = /^[a-z0-9_.]{1,100}$/i;

/**
 * Both are retried: a broken page is usually a passing fault, and an answer that was too large may
 * have come from a call that did its work (a retried create then reconciles its `name_taken`).
 */
const unreadableAnswer = (error: unknown): SlackOutcome | undefined => {
  if (error instanceof InvalidResponseError) return invalidResponse(error);
  if (error instanceof ResponseTooLargeError) return { kind: 'transient', code: 'response_too_large', message: error.message };
  return undefined;
};

const invalidResponse = (error: InvalidResponseError): SlackOutcome => ({ kind: 'transient', code: 'invalid_response', message: error.message });

export const classifyPlatformError = (response: SlackResponse, method: string): SlackOutcome => {
  // WebClient stands in `{ ok: false, error: <the whole body> }` for a 200 it cannot parse.
  if (typeof response.error === 'string' && !SLACK_ERROR_CODE.test(response.error)) {
    return invalidResponse(new InvalidResponseError(200, response.error));
  }
  const code = typeof response.error === 'string' ? response.error : 'unknown_error';
  if (RATE_LIMITED_ERRORS.has(code)) return { kind: 'rate_limited' };
  // What "already done" means depends on the method: not_in_channel is done for kick, a failure for history.
  if (alreadyDoneErrors(method).includes(code)) return { kind: 'succeeded', response, alreadyDone: code };
  if (TRANSIENT_ERRORS.has(code)) {
    return { kind: 'transient', code, message: `Slack answered ${code}`, ...(RETRY_AT_MOST_ONCE.has(code) && { maxAttempts: 2 }) };
  }
  return { kind: 'permanent', code, message: `Slack answered ${code}`, response };
};

interface WebApiError {
  code?: string;
  data?: SlackResponse;
  retryAfter?: number;
  statusCode?: number;
  /** An HTTP error's body: parsed when it was JSON, else the text. */
  body?: unknown;
  original?: Error;
  message?: string;
}

/**
 * Maps what `@slack/web-api` throws onto an outcome. Our fetch's own errors (a body that is not
 * Slack JSON, or too large) arrive wrapped as a request error's `original`.
 */
export const classifyError = (error: unknown, method: string): SlackOutcome => {
  const e = (error ?? {}) as WebApiError;
  switch (e.code) {
    case ErrorCode.PlatformError:
      return e.data ? classifyPlatformError(e.data, method) : { kind: 'permanent', code: 'unknown_error', message: 'Slack error' };
    case ErrorCode.RateLimitedError:
      return {
        kind: 'rate_limited',
        ...(Number.isFinite(e.retryAfter) && (e.retryAfter as number) > 0 && { retryAfterSeconds: e.retryAfter }),
      };
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 429) return { kind: 'rate_limited' };
      const said = typeof e.body === 'string' && e.body.trim() !== '' ? `: ${excerpt(e.body)}` : '';
      if (status >= 500 || status === 408) {
        return { kind: 'transient', code: `http_${status}`, message: `Slack answered HTTP ${status}${said}` };
      }
      return { kind: 'permanent', code: `http_${status}`, message: `Slack answered HTTP ${status}${said}` };
    }
    case ErrorCode.RequestError:
      return (
        unreadableAnswer(e.original) ?? { kind: 'transient', code: 'network_error', message: `Could not reach Slack: ${excerpt(e.original?.message ?? 'request failed')}` }
      );
    default:
      // @slack/web-api 8 throws a plain Error for a 429 whose Retry-After is missing or unusable.
      if (/Retry header did not contain a valid timeout/.test(e.message ?? '')) return { kind: 'rate_limited' };
      return unreadableAnswer(error) ?? { kind: 'transient', code: 'client_error', message: `Slack call failed: ${excerpt(e.message ?? String(error))}` };
  }
};
