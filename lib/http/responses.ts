import type { ApiResult } from './types';
import type { HttpError } from './errors';

const BASE_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

export const jsonResponse = (statusCode: number, body: unknown, headers: Record<string, string> = {}): ApiResult => ({
  statusCode,
  headers: { ...BASE_HEADERS, ...headers },
  body: JSON.stringify(body),
});

export const errorResponse = (error: HttpError): ApiResult =>
  jsonResponse(
    error.statusCode,
    { error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) } },
    error.headers,
  );
