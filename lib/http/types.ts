import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Access } from '../workspaces/access';

/** Who called: a short digest of the key (never the key), and what the key may reach. */
export interface Caller {
  keyId: string;
  access: Access;
}

/** What a route's handler gets: the caller, the path parameters, the query and the parsed body. */
export interface RequestContext {
  /** Who called; absent only on public routes. */
  caller?: Caller;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  /** The parsed JSON body of a `json` route. */
  body: unknown;
  /** Request headers, lower-case names. */
  headers: Record<string, string | undefined>;
  /** The body as sent (decoded from base64 where the gateway encoded it), for routes that parse it themselves. */
  rawBody: string;
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
