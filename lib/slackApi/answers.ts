import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { JobRecord } from '../ledger/records';

/** Every answer is JSON, as Slack's are; `extraHeaders` carries X-Job-Id and Retry-After. */
export const slackAnswer = (statusCode: number, body: Record<string, unknown>, extraHeaders: Record<string, string> = {}): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...extraHeaders },
  body: JSON.stringify(body),
});

/** A refusal or failure in Slack's shape. */
export const slackError = (error: string, extra: Record<string, unknown> = {}, statusCode = 200, headers: Record<string, string> = {}) =>
  slackAnswer(statusCode, { ok: false, error, ...extra }, headers);

/**
 * What an ended job answers: Slack's JSON exactly as the worker stored it. A job that ended without
 * one (retries used up on a transient error, or cancelled) answers with its error code, as Slack would.
 */
export const answerOfJob = (record: JobRecord): Record<string, unknown> => {
  if (record.result !== undefined) return record.result;
  if (record.status === 'cancelled') return { ok: false, error: 'request_cancelled' };
  return { ok: false, error: record.error?.code ?? 'internal_error' };
};
