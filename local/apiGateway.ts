import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { lambdaContext } from './lambdaContext';

export type HttpApiHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/** API Gateway HTTP API refuses bodies over 10 MB before the Lambda sees them. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

const isText = (contentType: string | undefined): boolean => /^(text\/|application\/(json|x-www-form-urlencoded))/i.test(contentType ?? '');

const toEvent = (req: http.IncomingMessage, body: Buffer): APIGatewayProxyEventV2 => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[key.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  // As API Gateway does: the scheme it was reached by, and cookies in a field of their own.
  headers['x-forwarded-proto'] ??= 'http';
  const cookies = headers.cookie?.split(/;\s*/).filter((c) => c !== '');
  delete headers.cookie;
  const now = new Date();
  return {
    version: '2.0',
    ...(cookies && cookies.length > 0 && { cookies }),
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: url.search ? Object.fromEntries(url.searchParams) : undefined,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    // Like API Gateway: text payloads as they are, anything else base64-encoded.
    body: body.length === 0 ? undefined : isText(headers['content-type']) ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !isText(headers['content-type']),
  };
};

/** An HTTP server that turns requests into API Gateway v2 events for the same Lambda handler. */
export const startHttpApi = async (handler: HttpApiHandler, options: { port: number; host?: string; timeoutMs: number }) => {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > GATEWAY_MAX_BODY) {
        if (!refused) {
          refused = true;
          res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
          res.end(JSON.stringify({ error: { code: 'payload_too_large', message: 'Request body is over 10 MB' } }));
        }
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', async () => {
      if (refused) return;
      try {
        const result = await handler(toEvent(req, Buffer.concat(chunks)), lambdaContext('api', options.timeoutMs));
        const headers = { ...(result.headers as http.OutgoingHttpHeaders), ...(result.cookies && { 'set-cookie': result.cookies }) };
        res.writeHead(result.statusCode ?? 200, headers);
        res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : result.body ?? '');
      } catch {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'internal_error', message: 'Internal error' } }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
