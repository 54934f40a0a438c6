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

/** What a final status line means for the delivery, whatever its body does afterwards. */
const resultOf = (status: number): DeliveryResult => {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  if (status === 410) return { kind: 'gone', status };
  return { kind: 'retry', reason: `receiver answered HTTP ${status}`, status };
};

/**
 * Reads at most MAX_RESPONSE_BYTES of a body nobody waits for, and drops the connection at
 * `deadline` at the latest, so a receiver that never ends its body cannot hold a socket open.
 */
const discardBody = (response: http.IncomingMessage, deadline: number) => {
  let received = 0;
  const cutOff = setTimeout(() => response.destroy(), Math.max(0, deadline - Date.now()));
  cutOff.unref();
  response.on('data', (chunk: Buffer) => {
    received += chunk.length;
    if (received > MAX_RESPONSE_BYTES) response.destroy();
  });
  response.on('error', () => undefined);
  response.on('close', () => clearTimeout(cutOff));
};

/**
 * One POST, no redirects followed, with the address re-checked when the socket connects. The
 * timeout covers connecting, sending and the receiver's status line: once that has come, the
 * outcome is known and the body (if any) is not waited for.
 */
export const deliverCallback = (options: DeliveryOptions): Promise<DeliveryResult> =>
  new Promise((resolve) => {
    // Node skips `lookup` for IP literals, so the URL itself is checked again here.
    const refusal = checkCallbackUrl(options.url, options.policy);
    if (refusal) return resolve({ kind: 'refused', reason: `callback_url ${refusal}` });
    const url = new URL(options.url);
    const transport = url.protocol === 'https:' ? https : http;
    const deadline = Date.now() + options.timeoutMs;
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
        settle(resultOf(response.statusCode ?? 0));
        discardBody(response, deadline);
      },
    );
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
