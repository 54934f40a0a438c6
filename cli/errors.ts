/** What a failed request or input looked like: the API's own error shape. */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** Exit codes: 0 all went well, 1 something failed (an API error, a job that failed), 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** An error the CLI reports as `error <code>: <message>` and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: number,
    readonly details: readonly ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CliError';
  }
}

/** Bad arguments or options: nothing was sent. */
export class UsageError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, EXIT_USAGE, [], options);
    this.name = 'UsageError';
  }
}

/** A bulk file with bad lines (each a detail naming its line): nothing was sent. */
export class InputFileError extends CliError {
  constructor(message: string, details: readonly ErrorDetail[], options?: { cause?: unknown }) {
    super('invalid_input', message, EXIT_USAGE, details, options);
    this.name = 'InputFileError';
  }
}

/** The API answered with an error: 400s are validation errors (exit 2), the rest exit 1. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details: readonly ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(code, message, status === 400 ? EXIT_USAGE : EXIT_FAILED, details, options);
    this.name = 'ApiError';
  }
}

/** The API could not be reached, or answered something that is not its JSON. */
export class ConnectionError extends CliError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('connection_failed', message, EXIT_FAILED, [], options);
    this.name = 'ConnectionError';
  }
}
