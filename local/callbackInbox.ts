import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedCallback {
  id: string;
  timestamp: string;
  /** True when at least one signature verified with one of the inbox's secrets. */
  verified: boolean;
  /** The status this inbox answered with. */
  answered: number;
  /** When it arrived (ms since the epoch). */
  at: number;
  body: Record<string, unknown>;
}

/**
 * Decides the answer to a delivery: a status, `'hang'` (never answer), `'reset'` (drop the
 * connection, as a receiver that is down), or `undefined` to accept (204).
 */
export type InboxBehaviour = (delivery: { id: string; attempt: number }) => number | 'hang' | 'reset' | undefined;

export interface CallbackInbox {
  url: string;
  received: ReceivedCallback[];
  /** Deliveries that this inbox acknowledged (2xx) and verified, by webhook-id (kept up to date as they arrive). */
  acknowledged: () => ReadonlyMap<string, ReceivedCallback[]>;
  setBehaviour: (behaviour: InboxBehaviour | undefined) => void;
  waitFor: (predicate: (received: ReceivedCallback[]) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * A callback receiver that verifies Standard Webhooks signatures and records every delivery.
 * `GET /` lists what arrived. Tests and benchmarks steer its answers with `setBehaviour`.
 */
export const startCallbackInbox = async (options: {
  secrets: string[];
  port?: number;
  onReceive?: (callback: ReceivedCallback) => void;
}): Promise<CallbackInbox> => {
  const verifiers = options.secrets.map((secret) => new Webhook(secret));
  const received: ReceivedCallback[] = [];
  const acknowledgedById = new Map<string, ReceivedCallback[]>();
  const attempts = new Map<string, number>();
  let behaviour: InboxBehaviour | undefined;
  const waiters = new Set<() => void>();

  const server = http.createServer((req, res) => {
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(received, null, 2));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      const verified = verifiers.some((verifier) => {
        try {
          verifier.verify(raw, headers);
          return true;
        } catch {
          return false;
        }
      });
      const attempt = (attempts.get(headers['webhook-id']) ?? 0) + 1;
      attempts.set(headers['webhook-id'], attempt);
      const decision = behaviour?.({ id: headers['webhook-id'], attempt });
      if (decision === 'hang') return; // Never answers: the sender's timeout must fire.
      if (decision === 'reset') return void req.socket.destroy();
      const status = decision ?? (verified ? 204 : 401);
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        // recorded as empty
      }
      const callback: ReceivedCallback = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], verified, answered: status, at: Date.now(), body };
      received.push(callback);
      if (verified && status >= 200 && status < 300) acknowledgedById.set(callback.id, [...(acknowledgedById.get(callback.id) ?? []), callback]);
      options.onReceive?.(callback);
      res.writeHead(status);
      res.end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    received,
    acknowledged: () => acknowledgedById,
    setBehaviour: (next) => {
      behaviour = next;
    },
    waitFor: (predicate, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(received)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`callback inbox: condition not met within ${timeoutMs} ms (${received.length} received)`));
        }, timeoutMs);
        const check = () => {
          if (predicate(received)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
