import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** What a route's handler gets: the caller, the path parameters, the query and the parsed body. */
export interface RequestContext {
  /** Which API key called (a short digest, never the key), for logs and per-caller views. */
  caller?: { keyId: string };
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  body: unknown;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** A path with `{name}` parameters, e.g. `/v1/jobs/{job_id}`. */
  path: string;
  /** Public routes skip API-key authentication. */
  public?: boolean;
  /** Routes that take a JSON body. */
  json?: boolean;
  handle: (request: RequestContext) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** The API Gateway v2 event after the middlewares have matched a route and parsed the body. */
export type ApiEvent = APIGatewayProxyEventV2 & {
  route?: Route;
  params?: Record<string, string>;
  caller?: RequestContext['caller'];
  parsedBody?: unknown;
};
export type ApiResult = APIGatewayProxyStructuredResultV2;
