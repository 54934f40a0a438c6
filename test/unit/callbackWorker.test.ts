import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ChangeMessageVisibilityBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { Webhook } from 'standardwebhooks';
import { processCallbackBatch, type CallbackWorkerDeps } from '../../lib/callbacks/worker';
import { sqsEvent } from '../helpers/events';
import { recordingLogger } from '../helpers/fakes';
import type { Ledger } from '../../lib/ledger/ledger';
import { useTestLedger } from '../helpers/ledger';

const sqsMock = mockClient(SQSClient);
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const NEXT_SECRET = 'whsec_dGhpcyBpcyB0aGUgbmV4dCBzZWNyZXQ=';

interface Seen {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP receiver answering with `status` (or never, for 'hang'). */
const receiver = async (answer: () => number | 'hang' | { redirect: string }) => {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ headers: req.headers, body });
      const a = answer();
      if (a === 'hang') return;
      if (typeof a === 'object') {
        res.writeHead(302, { location: a.redirect });
        return res.end();
      }
      res.writeHead(a);
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, seen, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
};

const JOB_ID = '5b0f3c55-8f4e-4c1e-9a57-1d2f3e4a5b6c';
const ledgers = useTestLedger();
let ledger: Ledger;
beforeEach(async () => {
  ledger = await ledgers.fresh();
});

/** An ended job whose callback to `url` is owed, and the queue message that names it. */
const eventFor = async (url: string, receiveCount = 1) => {
  const spec = { job_id: JOB_ID, workspace: 'default', method: 'conversations.create', args: { name: 'myprivatechannel' }, callback_url: url, idempotency_key: 'crm-customer-4711', enqueued_at: '2026-11-24T03:40:00.000Z' };
  await ledger.jobs.create([{ spec }]);
  await ledger.jobs.start(JOB_ID, 1);
  await ledger.jobs.end(JOB_ID, { status: 'succeeded', attempts: 1, result: { ok: true, channel: { id: 'C7000000001', name: 'myprivatechannel' } } }, true);
  const event = sqsEvent('sqs-callback.json');
  event.Records[0].attributes.ApproximateReceiveCount = String(receiveCount);
  return event;
};

const deps = (overrides: Partial<CallbackWorkerDeps['config']> = {}, secrets = [SECRET]): CallbackWorkerDeps => ({
  sqs: new SQSClient({ region: 'us-east-1' }),
  queues: { callbacks: 'callbacks-url', callbacksDlq: 'callbacks-dlq-url' },
  ledger,
  signingSecrets: async () => secrets,
  config: { callbackRetryDelays: [30, 600], callbackTimeoutMs: 2_000, callbackAllowPrivate: true, ...overrides },
  logger: recordingLogger().logger,
  random: () => 1,
});
const dlq = () => sqsMock.commandCalls(SendMessageCommand).filter((c) => c.args[0].input.QueueUrl === 'callbacks-dlq-url');
const visibility = () => sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => e.VisibilityTimeout));

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({});
  sqsMock.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
});

describe('callback worker', () => {
  it('POSTs the payload signed per Standard Webhooks, webhook-id = job_id', async () => {
    const r = await receiver(() => 204);
    const result = await processCallbackBatch(await eventFor(r.url), deps());
    await r.close();
    expect(result.batchItemFailures).toEqual([]);
    const [{ headers, body }] = r.seen;
    expect(headers['webhook-id']).toBe('5b0f3c55-8f4e-4c1e-9a57-1d2f3e4a5b6c');
    expect(headers['content-type']).toBe('application/json');
    expect(new Webhook(SECRET).verify(body, headers as Record<string, string>)).toMatchObject({ job_id: '5b0f3c55-8f4e-4c1e-9a57-1d2f3e4a5b6c', status: 'succeeded' });
    expect(() => new Webhook(NEXT_SECRET).verify(body, headers as Record<string, string>)).toThrow();
  });

  it('signs with every active secret so a receiver can rotate', async () => {
    const r = await receiver(() => 200);
    await processCallbackBatch(await eventFor(r.url), deps({}, [SECRET, NEXT_SECRET]));
    await r.close();
    const { headers, body } = r.seen[0];
    for (const secret of [SECRET, NEXT_SECRET]) {
      expect(new Webhook(secret).verify(body, headers as Record<string, string>)).toBeTruthy();
    }
  });

  it.each([[500], [404], [429]])('retries after the scheduled delay when the receiver answers %s', async (status) => {
    const r = await receiver(() => status);
    const result = await processCallbackBatch(await eventFor(r.url, 2), deps());
    await r.close();
    expect(result.batchItemFailures).toHaveLength(1);
    expect(visibility()).toEqual([600]);
  });

  it('does not follow redirects', async () => {
    const target = await receiver(() => 200);
    const r = await receiver(() => ({ redirect: target.url }));
    const result = await processCallbackBatch(await eventFor(r.url), deps());
    await Promise.all([r.close(), target.close()]);
    expect(result.batchItemFailures).toHaveLength(1);
    expect(target.seen).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer within the timeout', async () => {
    const r = await receiver(() => 'hang');
    const result = await processCallbackBatch(await eventFor(r.url), deps({ callbackTimeoutMs: 200 }));
    await r.close();
    expect(result.batchItemFailures).toHaveLength(1);
  });

  it('stops on 410 Gone', async () => {
    const r = await receiver(() => 410);
    const result = await processCallbackBatch(await eventFor(r.url, 1), deps());
    await r.close();
    expect(result.batchItemFailures).toEqual([]);
    expect(dlq()).toHaveLength(0);
  });

  it('moves the callback to the DLQ after the last attempt', async () => {
    const r = await receiver(() => 503);
    const result = await processCallbackBatch(await eventFor(r.url, 3), deps());
    await r.close();
    expect(result.batchItemFailures).toEqual([]);
    expect(dlq()).toHaveLength(1);
    expect(dlq()[0].args[0].input.MessageAttributes?.reason.StringValue).toContain('gave up after 3 attempts');
  });

  it('refuses private addresses when deployed, even from a queued message', async () => {
    const r = await receiver(() => 200);
    const result = await processCallbackBatch(await eventFor(r.url.replace('http:', 'https:')), deps({ callbackAllowPrivate: false }));
    ledger = await ledgers.fresh();
    const viaName = await processCallbackBatch(await eventFor('https://localhost:1/hook'), deps({ callbackAllowPrivate: false }));
    await r.close();
    expect(r.seen).toHaveLength(0);
    expect([result.batchItemFailures, viaName.batchItemFailures]).toEqual([[], []]);
    expect(dlq()).toHaveLength(2);
  });

  it('records each attempt in the ledger and closes the callback once delivered', async () => {
    let answer = 503;
    const r = await receiver(() => answer);
    await processCallbackBatch(await eventFor(r.url), deps());
    expect(await ledger.jobs.get(JOB_ID)).toMatchObject({ callback_status: 'pending', callback_attempts: 1, callback_last_status: 503, callback_last_error: 'receiver answered HTTP 503' });
    answer = 200;
    await processCallbackBatch(sqsEvent('sqs-callback.json'), deps());
    await r.close();
    const job = await ledger.jobs.get(JOB_ID);
    expect(job).toMatchObject({ callback_status: 'delivered', callback_attempts: 2, callback_last_status: 200, callback_delivered_at: expect.any(String) });
    expect(job?.callback_last_error).toBeUndefined();
  });

  it('drops a message for a callback no longer owed (a duplicate), without a second POST', async () => {
    const r = await receiver(() => 204);
    await processCallbackBatch(await eventFor(r.url), deps());
    const again = await processCallbackBatch(sqsEvent('sqs-callback.json'), deps());
    await r.close();
    expect(again.batchItemFailures).toEqual([]);
    expect(r.seen).toHaveLength(1);
  });

  it('marks the callback failed when it goes to the DLQ', async () => {
    const r = await receiver(() => 500);
    await processCallbackBatch(await eventFor(r.url, 3), deps());
    await r.close();
    expect(await ledger.jobs.get(JOB_ID)).toMatchObject({ callback_status: 'failed', callback_attempts: 1 });
  });

  it('delivers a batch completion, signed with the batch ID as webhook-id', async () => {
    const r = await receiver(() => 204);
    await ledger.batches.create({ batch_id: 'b-1', workspace: 'default', total: 1, created_at: '2026-11-24T03:40:00.000Z', batch_callback_url: r.url });
    const batch = await ledger.batches.countEnded('b-1', 'job-1', 'failed');
    await ledger.batches.complete(batch!);
    const event = sqsEvent('sqs-callback.json');
    event.Records[0].body = JSON.stringify({ v: 2, kind: 'batch', id: 'b-1' });
    await processCallbackBatch(event, deps());
    await r.close();
    const [{ headers, body }] = r.seen;
    expect(headers['webhook-id']).toBe('b-1');
    expect(new Webhook(SECRET).verify(body, headers as Record<string, string>)).toEqual({
      type: 'batch.completed',
      batch_id: 'b-1',
      workspace: 'default',
      total: 1,
      counts: { succeeded: 0, failed: 1, cancelled: 0 },
      completed_at: expect.any(String),
    });
    expect(await ledger.batches.get('b-1')).toMatchObject({ callback_status: 'delivered' });
  });
});
