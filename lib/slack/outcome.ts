import { ErrorCode, type WebAPICallResult } from '@slack/web-api';
import { alreadyDoneErrors } from '../catalogue/catalogue';

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

export const classifyPlatformError = (response: SlackResponse, method: string): SlackOutcome => {
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
  original?: Error;
  message?: string;
}

/** Maps what `@slack/web-api` throws onto an outcome. */
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
      if (status >= 500 || status === 408) {
        return { kind: 'transient', code: `http_${status}`, message: `Slack answered HTTP ${status}` };
      }
      return { kind: 'permanent', code: `http_${status}`, message: `Slack answered HTTP ${status}` };
    }
    case ErrorCode.RequestError:
      return { kind: 'transient', code: 'network_error', message: `Could not reach Slack: ${e.original?.message ?? 'request failed'}` };
    default:
      // @slack/web-api 8 throws a plain Error for a 429 whose Retry-After is missing or unusable.
      if (/Retry header did not contain a valid timeout/.test(e.message ?? '')) return { kind: 'rate_limited' };
      return { kind: 'transient', code: 'client_error', message: `Slack call failed: ${e.message ?? String(error)}` };
  }
};
