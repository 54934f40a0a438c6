import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';

const load = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', name), 'utf8')) as T;

/** Sample events from events/, deep-copied so a test can change its own. */
export const apiEvent = (name: string, patch: { body?: unknown; rawBody?: string; headers?: Record<string, string | undefined>; method?: string; path?: string; query?: Record<string, string> } = {}): APIGatewayProxyEventV2 => {
  const event = load<APIGatewayProxyEventV2>(name);
  if (patch.body !== undefined) event.body = JSON.stringify(patch.body);
  if (patch.rawBody !== undefined) event.body = patch.rawBody;
  if (patch.headers) {
    for (const [key, value] of Object.entries(patch.headers)) {
      if (value === undefined) delete event.headers[key];
      else event.headers[key] = value;
    }
  }
  if (patch.method) event.requestContext.http.method = patch.method;
  if (patch.path) {
    event.rawPath = patch.path;
    event.requestContext.http.path = patch.path;
  }
  if (patch.query) {
    event.queryStringParameters = patch.query;
    event.rawQueryString = new URLSearchParams(patch.query).toString();
  }
  return event;
};

export const sqsEvent = (name: string): SQSEvent => load<SQSEvent>(name);
