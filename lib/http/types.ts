import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export interface Route {
  method: 'GET' | 'POST';
  path: string;
  /** Public routes skip API-key authentication. */
  public?: boolean;
  /** Routes that take a JSON body. */
  json?: boolean;
  handle: (body: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
}

/** The API Gateway v2 event after the middlewares have matched a route and parsed the body. */
export type ApiEvent = APIGatewayProxyEventV2 & { route?: Route; parsedBody?: unknown };
export type ApiResult = APIGatewayProxyStructuredResultV2;
