import type { ApiResult } from './types';
import type { ErrorDetail } from '../jobs/errors';

const BASE_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export const jsonResponse = (statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult => ({
  statusCode,
  headers: { ...BASE_HEADERS, ...headers },
  body: JSON.stringify(body),
});

/** The one error shape: `{"error": {"code", "message", "details"?}}`. */
export const errorResponse = (statusCode: number, code: string, message: string, details?: ErrorDetail[], headers?: Record<string, string>): ApiResult =>
  jsonResponse(statusCode, { error: { code, message, ...(details && { details }) } }, headers);
