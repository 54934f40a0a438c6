import http from 'node:http';
import https from 'node:https';
import { checkCallbackUrl, guardedLookup, ForbiddenCallbackAddressError, type CallbackUrlPolicy } from './urlPolicy';

export type DeliveryResult =
  | { kind: 'delivered'; status: number }
  /** The receiver answered 410 Gone: it wants no more deliveries for this job. */
  | { kind: 'gone'; status: number }
  /** Worth another attempt later: non-2xx (redirects included), timeout, network error. */
  | { kind: 'retry'; reason: string; status?: number }
  /** Never worth another attempt: the host resolves to a forbidden address. */
  | { kind: 'refused'; reason: string };

export interface DeliveryOptions {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
  policy: CallbackUrlPolicy;
}

const USER_AGENT = 'slack-conversations-queue/1 (+callbacks)';
const MAX_RESPONSE_BYTES = 64 * 1024;

/** One POST, no redirects followed, with the address re-checked when the socket connects. */
export const deliverCallback = (options: DeliveryOptions): Promise<DeliveryResult> =>
  new Promise((resolve) => {
    // Node skips `lookup` for IP literals, so the URL itself is checked again here.
    const refusal = checkCallbackUrl(options.url, options.policy);
    if (refusal) return resolve({ kind: 'refused', reason: `callback_url ${refusal}` });
    const url = new URL(options.url);
    const transport = url.protocol === 'https:' ? https : http;
    let settled = false;
    const settle = (result: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const request = transport.request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(options.policy),
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(options.body),
          'user-agent': USER_AGENT,
          ...options.headers,
        },
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_RESPONSE_BYTES) response.destroy();
        });
        response.on('error', () => undefined);
        const finish = () => {
          if (status >= 200 && status < 300) settle({ kind: 'delivered', status });
          else if (status === 410) settle({ kind: 'gone', status });
          else settle({ kind: 'retry', reason: `receiver answered HTTP ${status}`, status });
        };
        response.on('end', finish);
        response.on('close', finish);
      },
    );
    // One budget for the whole exchange: connect, send, and the receiver's answer.
    const timer = setTimeout(() => {
      settle({ kind: 'retry', reason: `no answer within ${options.timeoutMs} ms` });
      request.destroy();
    }, options.timeoutMs);
    request.on('error', (error) => {
      if (error instanceof ForbiddenCallbackAddressError) settle({ kind: 'refused', reason: error.message });
      else settle({ kind: 'retry', reason: `could not deliver: ${error.message}` });
    });
    request.end(options.body);
  });
