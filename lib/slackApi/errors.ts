/**
 * A request the Slack-compatible endpoint refuses before anything is queued, answered the way Slack
 * answers it: `{"ok": false, "error": <error>}`, HTTP 200 (Slack's clients read the body, not the status).
 */
export class SlackApiRefusedError extends Error {
  constructor(
    /** Slack's error code, e.g. `invalid_auth`. */
    readonly error: string,
    message: string,
    /** More fields of the answer, e.g. `response_metadata`. */
    readonly extra: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SlackApiRefusedError';
  }
}

/** The service could not take the call for now (Slack unreachable to tell a token's team): a 503, which clients retry. */
export class SlackApiUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SlackApiUnavailableError';
  }
}
