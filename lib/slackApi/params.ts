import { SlackApiRefusedError } from './errors';

/** The fields of one Slack request as sent: strings from a form or query, any JSON from a JSON body. */
export type SlackParams = Record<string, unknown>;

export interface SlackHttpRequest {
  verb: 'GET' | 'POST';
  headers: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  rawBody: string;
}

/** The same cap as the /v1 API's bodies. */
export const SLACK_BODY_MAX_BYTES = 1024 * 1024;

const formFields = (text: string): SlackParams => Object.fromEntries(new URLSearchParams(text));

const jsonFields = (text: string): SlackParams => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SlackApiRefusedError('invalid_json', 'The body is not valid JSON', {}, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new SlackApiRefusedError('invalid_json', 'The JSON body must be an object');
  return parsed as SlackParams;
};

/**
 * Reads a request the way Slack does: query parameters (GET, and POST too), then the body's
 * fields over them, from `application/x-www-form-urlencoded` (what Slack's SDKs send) or JSON.
 * A body without a content type is read as a form, as Slack does.
 */
export const readSlackParams = (request: SlackHttpRequest): SlackParams => {
  const query = Object.fromEntries(Object.entries(request.query).filter((entry): entry is [string, string] => entry[1] !== undefined));
  if (request.verb === 'GET' || request.rawBody === '') return query;
  if (Buffer.byteLength(request.rawBody) > SLACK_BODY_MAX_BYTES) throw new SlackApiRefusedError('request_too_large', `The body is larger than ${SLACK_BODY_MAX_BYTES} bytes`);
  const contentType = (request.headers['content-type'] ?? '').trim().toLowerCase();
  if (contentType.startsWith('application/json')) return { ...query, ...jsonFields(request.rawBody) };
  if (contentType === '' || contentType.startsWith('application/x-www-form-urlencoded') || contentType.startsWith('text/plain')) {
    return { ...query, ...formFields(request.rawBody) };
  }
  // multipart is for file uploads, which no conversations.* method takes.
  throw new SlackApiRefusedError('invalid_form_data', `Content type ${contentType.slice(0, 60)} is not taken: send a form or JSON`);
};
