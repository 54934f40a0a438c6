import type { ErrorDetail } from '../jobs/errors';

/** An error that maps to an HTTP response of the shape `{"error": {"code", "message", "details"?}}`. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class InvalidJsonError extends HttpError {
  constructor(message: string) {
    super(400, 'invalid_json', message);
  }
}

export class UnauthorizedError extends HttpError {
  constructor() {
    super(401, 'unauthorized', 'Missing or invalid API key: send Authorization: Bearer <key>', undefined, {
      'www-authenticate': 'Bearer',
    });
  }
}

export class NotFoundError extends HttpError {
  constructor(path: string) {
    super(404, 'not_found', `No route for ${path}`);
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(method: string, path: string, allowed: string[]) {
    super(405, 'method_not_allowed', `${method} is not allowed on ${path}; use ${allowed.join(', ')}`, undefined, {
      allow: allowed.join(', '),
    });
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(limit: number) {
    super(413, 'payload_too_large', `Request body is over ${limit} bytes`);
  }
}

export class UnsupportedMediaTypeError extends HttpError {
  constructor() {
    super(415, 'unsupported_media_type', 'Content-Type must be application/json');
  }
}
