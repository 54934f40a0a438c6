import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { deliverCallback, type DeliveryResult } from '../../lib/callbacks/deliver';

const TIMEOUT_MS = 400;

type Answer = (res: http.ServerResponse) => void;

/** A real receiver on a loopback port that answers every POST with `answer`, and notes when each connection closes. */
const receiver = async (answer: Answer) => {
  const closed: number[] = [];
  const timers: NodeJS.Timeout[] = [];
  const server = http.createServer((req, res) => {
    req.resume();
    req.socket.on('close', () => closed.push(Date.now()));
    answer(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    closed,
    every: (ms: number, tick: () => void) => timers.push(setInterval(tick, ms)),
    close: () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

/** Delivers to `url` with the local policy (http on any loopback port), timing it. */
const deliver = async (url: string): Promise<{ result: DeliveryResult; ms: number }> => {
  const started = Date.now();
  const result = await deliverCallback({ url, body: '{"ok":true}', headers: {}, timeoutMs: TIMEOUT_MS, policy: { allowPrivate: true } });
  return { result, ms: Date.now() - started };
};

/** Sends the status line and headers at once, and the body not yet (or never). */
const statusNow = (status: number): Answer => (res) => {
  res.writeHead(status, { 'content-type': 'text/plain' });
  res.flushHeaders();
};

const waitFor = async (condition: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!condition() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
  return condition();
};

describe('callback delivery', () => {
  it('is delivered as soon as a 2xx status line arrives, while the body dribbles on', async () => {
    const r = await receiver((res) => {
      statusNow(200)(res);
      r.every(50, () => res.write('.'));
    });
    const { result, ms } = await deliver(r.url);
    await r.close();
    expect(result).toEqual({ kind: 'delivered', status: 200 });
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('is delivered when the body never comes, and drops the connection by the deadline', async () => {
    const r = await receiver(statusNow(200));
    const { result } = await deliver(r.url);
    expect(result).toEqual({ kind: 'delivered', status: 200 });
    // Nobody waits for the body, but the socket is not left open for ever either.
    expect(await waitFor(() => r.closed.length === 1, TIMEOUT_MS * 3)).toBe(true);
    await r.close();
  });

  it('reads at most 64 KB of body and then hangs up', async () => {
    const r = await receiver((res) => {
      statusNow(200)(res);
      r.every(5, () => res.write(Buffer.alloc(16 * 1024, 'x')));
    });
    const { result } = await deliver(r.url);
    expect(result).toEqual({ kind: 'delivered', status: 200 });
    expect(await waitFor(() => r.closed.length === 1, TIMEOUT_MS)).toBe(true);
    await r.close();
  });

  it('retries a receiver that sends no status line within the timeout', async () => {
    const r = await receiver(() => undefined);
    const { result, ms } = await deliver(r.url);
    await r.close();
    expect(result).toEqual({ kind: 'retry', reason: `no answer within ${TIMEOUT_MS} ms` });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
  });

  it.each([
    [503, { kind: 'retry', reason: 'receiver answered HTTP 503', status: 503 }],
    [410, { kind: 'gone', status: 410 }],
  ])('judges a %s by its status line, without waiting for its body', async (status, expected) => {
    const r = await receiver(statusNow(status));
    const { result, ms } = await deliver(r.url);
    await r.close();
    expect(result).toEqual(expected);
    expect(ms).toBeLessThan(TIMEOUT_MS);
  });

  it('refuses a cloud metadata address before connecting, even locally', async () => {
    const { result } = await deliver('http://169.254.169.254/latest/meta-data/');
    expect(result).toEqual({ kind: 'refused', reason: 'callback_url must not point to a cloud metadata address' });
  });
});
