import { LogLevel, WebClient } from '@slack/web-api';
import { ConfigError } from '../config/config';
import { classifyError, classifyResponse, type SlackOutcome, type SlackResponse } from './outcome';

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

/**
 * One Slack call, classified. Retries and rate-limit waits are the worker's (requeued retries,
 * pacing, message visibility), so the client's own are off.
 */
export const createSlackCall = (options: SlackClientOptions): SlackCall => {
  let client: WebClient | undefined;
  const clientFor = async () =>
    (client ??= new WebClient(await options.token(), {
      slackApiUrl: options.apiUrl,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      timeout: options.timeoutMs,
      logLevel: LogLevel.ERROR,
    }));
  return async (method, args) => {
    try {
      const response = (await (await clientFor()).apiCall(method, toSlackForm(args))) as SlackResponse;
      return classifyResponse(response, method);
    } catch (error) {
      // A missing token is the operator's to fix; retrying cannot help.
      if (error instanceof ConfigError) return { kind: 'permanent', code: 'server_misconfigured', message: error.message };
      return classifyError(error, method);
    }
  };
};
