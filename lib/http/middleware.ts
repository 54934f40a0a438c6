import type middy from '@middy/core';
import type { Logger } from '@aws-lambda-powertools/logger';
import { bearerToken, keyId, matchingKey, parseApiKeys } from './apiKeys';
import { JobsDomainError } from '../jobs/errors';
import { statusForDomainError } from './domainErrors';
import {
  HttpError,
  InvalidJsonError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from './errors';
import { errorResponse, jsonResponse } from './responses';
import { compileRoutes, matchRoute } from './router';
import type { ApiEvent, ApiResult, Route } from './types';

type Middleware = middy.MiddlewareObj<ApiEvent, ApiResult>;

/** Matches the route, or answers 404 for an unknown path and 405 for a known path with the wrong verb. */
export const routeMatcher = (routes: readonly Route[]): Middleware => {
  const compiled = compileRoutes(routes);
  return {
    before: (request) => {
      const { method, path } = request.event.requestContext.http;
      const match = matchRoute(compiled, method, path);
      if (match.kind === 'none') throw new NotFoundError(path);
      if (match.kind === 'wrong_method') throw new MethodNotAllowedError(method, path, match.allowed);
      request.event.route = match.route;
      request.event.params = match.params;
    },
  };
};

/**
 * Requires `Authorization: Bearer <key>` with one of the accepted keys (API_KEYS entries, scoped
 * or not) on non-public routes, and notes who called and what they may reach.
 */
export const apiKeyAuth = (acceptedKeys: () => Promise<readonly string[]>): Middleware => ({
  before: async (request) => {
    if (request.event.route?.public) return;
    const presented = bearerToken(request.event.headers?.authorization);
    const match = presented === undefined ? undefined : matchingKey(presented, parseApiKeys(await acceptedKeys()));
    if (match === undefined) throw new UnauthorizedError();
    request.event.caller = { keyId: keyId(match.key), access: match.access };
  },
});

/** Checks media type and size, then parses the JSON body of routes that take one. */
export const jsonBody = (maxBytes: number): Middleware => ({
  before: (request) => {
    const { event } = request;
    if (!event.route?.json) return;
    const contentType = event.headers?.['content-type'] ?? '';
    if (!/^application\/json\s*(;|$)/i.test(contentType.trim())) throw new UnsupportedMediaTypeError();
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64') : Buffer.from(event.body ?? '', 'utf8');
    if (raw.byteLength > maxBytes) throw new PayloadTooLargeError(maxBytes);
    try {
      event.parsedBody = JSON.parse(raw.toString('utf8'));
    } catch (error) {
      // Only the position: newer Node versions quote the input in the message, which may hold a secret.
      const position = /position (\d+)/.exec((error as Error).message)?.[1];
      throw new InvalidJsonError(`Request body is not valid JSON${position ? ` (at position ${position})` : ''}`);
    }
  },
});

/** Shapes every error as `{"error": {...}}`; unexpected ones become a 500 that hides internals. */
export const errorHandler = (logger: Logger): Middleware => ({
  onError: (request) => {
    const { error } = request;
    if (error instanceof HttpError) {
      if (error.statusCode >= 500) logger.error('request failed', { code: error.code, details: error.details });
      request.response = errorResponse(error.statusCode, error.code, error.message, error.details, error.headers);
      return;
    }
    if (error instanceof JobsDomainError) {
      const status = statusForDomainError(error);
      if (status >= 500) logger.error('request failed', { code: error.code, details: error.details, error });
      request.response = errorResponse(status, error.code, error.message, error.details);
      return;
    }
    logger.error('unexpected error', { error: error as Error });
    request.response = jsonResponse(500, { error: { code: 'internal_error', message: 'Internal error' } });
  },
});
