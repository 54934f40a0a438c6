import { ApiError, ConnectionError, type ErrorDetail } from './errors';
import type { Connection } from './config';

/** How long one request may take (a batch of 1,000 is recorded in about a second). */
const REQUEST_TIMEOUT_MS = 120_000;

export interface ApiClient {
  get: <T = unknown>(path: string) => Promise<T>;
  post: <T = unknown>(path: string, body?: unknown) => Promise<T>;
  put: <T = unknown>(path: string, body: unknown) => Promise<T>;
  delete: <T = unknown>(path: string) => Promise<T>;
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

const detailsOf = (value: unknown): ErrorDetail[] =>
  Array.isArray(value) ? value.map((d: { path?: unknown; message?: unknown }) => ({ path: String(d?.path ?? ''), message: String(d?.message ?? '') })) : [];

/** The API's error body as an ApiError; a body of another shape keeps the HTTP status as its code. */
export const toApiError = (status: number, body: unknown): ApiError => {
  const error = (body as ErrorBody | undefined)?.error;
  if (error && typeof error.code === 'string') return new ApiError(status, error.code, String(error.message ?? ''), detailsOf(error.details));
  return new ApiError(status, `http_${status}`, `the API answered ${status}`);
};

/** A JSON client of the API: Bearer auth, errors as ApiError, unreachable as ConnectionError. */
export const createApiClient = (connection: Connection, fetchImpl: typeof fetch = fetch): ApiClient => {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const url = `${connection.url}${path}`;
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${connection.apiKey}`,
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new ConnectionError(`could not reach ${connection.url} (${reason}); is the stack running? (--url / SCQ_URL)`, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      if (!response.ok) throw new ApiError(response.status, `http_${response.status}`, text.slice(0, 200), [], { cause: error });
      throw new ConnectionError(`${method} ${path} answered ${response.status} with a body that is not JSON`, { cause: error });
    }
    if (!response.ok) throw toApiError(response.status, parsed);
    return parsed as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    delete: (path) => call('DELETE', path),
  };
};

/** A path segment from an ID the user typed. */
export const segment = (id: string): string => encodeURIComponent(id);
