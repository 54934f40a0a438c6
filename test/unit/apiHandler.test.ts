import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createHandler } from '../../handlers/api';
import { apiEvent } from '../helpers/events';
import { seedDefaultWorkspace, useTestLedger } from '../helpers/ledger';
import { ledgerFromConfig } from '../../lib/ledger/ledger';
import { loadConfig } from '../../lib/config/config';

// No DNS in unit tests: *.example.com resolves to a public address, private.example.org to a private one.
jest.mock('node:dns', () => {
  const actual = jest.requireActual('node:dns');
  return {
    ...actual,
    lookup: (host: string, options: unknown, callback: (e: Error | null, a: unknown) => void) =>
      host.endsWith('example.com')
        ? callback(null, [{ address: '93.184.216.34', family: 4 }])
        : host === 'private.example.org'
          ? callback(null, [{ address: '93.184.216.34', family: 4 }, { address: '10.0.0.5', family: 4 }])
          : actual.lookup(host, options, callback),
  };
});

const sqsMock = mockClient(SQSClient);
const env = {
  API_KEYS: 'test-api-key,rotated-key',
  SLACK_BOT_TOKEN: 'xoxb-unit-test',
  JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo',
  LOG_LEVEL: 'SILENT',
};
const ledgers = useTestLedger();
let handler: ReturnType<typeof createHandler>;
beforeAll(async () => {
  const tableEnv = { ...env, ...(await ledgers.freshTable()).env };
  await seedDefaultWorkspace(ledgerFromConfig(loadConfig(tableEnv)), env.SLACK_BOT_TOKEN);
  handler = createHandler(tableEnv);
});
const invoke = async (event: ReturnType<typeof apiEvent>) => {
  const result = (await handler(event, {} as Context)) as APIGatewayProxyStructuredResultV2;
  return { status: result.statusCode, headers: result.headers ?? {}, body: JSON.parse(String(result.body)) };
};
const sentEntries = () => sqsMock.commandCalls(SendMessageBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
// A public host that needs no DNS: submit-time checks still run on the literal address.
const CALLBACK = 'https://93.184.216.34/hooks/slack';

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageBatchCommand).callsFake(async (input) => ({ Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id })), Failed: [] }));
});

describe('POST /v1/jobs', () => {
  it('queues a valid job and answers 202 with its id', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { body: { method: 'conversations.create', args: { name: 'myprivatechannel', is_private: true }, callback_url: CALLBACK } }));
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ job_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued', method: 'conversations.create' });
    const [entry] = sentEntries();
    expect(entry.MessageGroupId).toBe('T0UNIT0001:conversations.create');
    expect(entry.MessageDeduplicationId).toBe(res.body.job_id);
    expect(JSON.parse(entry.MessageBody!)).toMatchObject({ v: 1, job_id: res.body.job_id, method: 'conversations.create', args: { name: 'myprivatechannel', is_private: true }, callback_url: CALLBACK });
  });

  it('gives the same job_id for the same idempotency key, runs it once, and refuses the key for another request', async () => {
    const body = { method: 'conversations.info', args: { channel: 'C0123456789' }, idempotency_key: 'crm-4711' };
    const first = await invoke(apiEvent('api-submit-create.json', { body }));
    const second = await invoke(apiEvent('api-submit-create.json', { body: { idempotency_key: 'crm-4711', args: { channel: 'C0123456789' }, method: 'conversations.info' } }));
    const other = await invoke(apiEvent('api-submit-create.json', { body: { ...body, idempotency_key: 'crm-4712' } }));
    const conflict = await invoke(apiEvent('api-submit-create.json', { body: { ...body, args: { channel: 'C0999999999' } } }));
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 200, body: { job_id: first.body.job_id, status: 'queued', method: 'conversations.info', duplicate: true } });
    expect(other.body.job_id).not.toBe(first.body.job_id);
    expect(conflict).toMatchObject({ status: 409, body: { error: { code: 'idempotency_conflict', details: [{ path: 'idempotency_key' }] } } });
    // The duplicate of a job still queued is sent again under the same deduplication ID: FIFO drops it
    // when the first message exists, and it replaces one a dying submitter never sent.
    expect(sentEntries().map((e) => e.MessageDeduplicationId)).toEqual([first.body.job_id, first.body.job_id, other.body.job_id]);
  });

  it('accepts any of several API keys (rotation)', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { headers: { authorization: 'Bearer rotated-key' } }));
    expect(res.status).toBe(202);
  });

  it.each([
    ['no header', { authorization: undefined }],
    ['a wrong key', { authorization: 'Bearer nope' }],
    ['another scheme', { authorization: 'Basic dGVzdC1hcGkta2V5' }],
  ])('answers 401 with %s and queues nothing', async (_label, headers) => {
    const res = await invoke(apiEvent('api-submit-create.json', { headers }));
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(sentEntries()).toHaveLength(0);
  });

  it('answers 415 for a body that is not JSON by type', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { headers: { 'content-type': 'text/plain' } }));
    expect(res).toMatchObject({ status: 415, body: { error: { code: 'unsupported_media_type' } } });
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { rawBody: '{"method": "xoxb-never-echoed' }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_json', message: expect.stringMatching(/^Request body is not valid JSON/) } } });
    expect(JSON.stringify(res.body)).not.toContain('xoxb-never-echoed');
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { rawBody: JSON.stringify({ method: 'conversations.list', pad: 'x'.repeat(1024 * 1024) }) }));
    expect(res).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
  });

  it('refuses a callback host that resolves to a private address, queueing nothing', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { body: { method: 'conversations.list', callback_url: 'https://private.example.org/cb' } }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', details: [{ path: 'callback_url', message: expect.stringContaining('must not resolve to a private') }] } } });
    expect(sentEntries()).toHaveLength(0);
  });

  it('answers 400 with details for failed validation and queues nothing', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { body: { method: 'conversations.create', args: { name: 'Bad Name' } } }));
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'validation_failed', message: 'Invalid job', details: [{ path: 'args.name', message: expect.any(String) }] });
    expect(sentEntries()).toHaveLength(0);
  });

  it('answers 503 naming the failure when SQS will not take the job, and keeps neither the job nor its key', async () => {
    sqsMock.on(SendMessageBatchCommand).rejects(new Error('Service unavailable'));
    const body = { method: 'conversations.info', args: { channel: 'C0123456789' }, idempotency_key: 'sqs-down' };
    const res = await invoke(apiEvent('api-submit-create.json', { body }));
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'enqueue_failed' } } });
    sqsMock.on(SendMessageBatchCommand).callsFake(async (input) => ({ Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id })), Failed: [] }));
    const retried = await invoke(apiEvent('api-submit-create.json', { body }));
    expect(retried).toMatchObject({ status: 202, body: { status: 'queued' } });
  });
});

describe('POST /v1/jobs/batch', () => {
  it('queues every job in request order, 10 a SendMessageBatch call', async () => {
    const jobs = Array.from({ length: 25 }, (_, i) => ({ method: 'conversations.create', args: { name: `customer-${i}` } }));
    const res = await invoke(apiEvent('api-submit-batch.json', { body: { jobs, callback_url: CALLBACK } }));
    expect(res.status).toBe(202);
    expect(res.body.jobs).toHaveLength(25);
    const calls = sqsMock.commandCalls(SendMessageBatchCommand);
    expect(calls.map((c) => c.args[0].input.Entries!.length)).toEqual([10, 10, 5]);
    expect(sentEntries().map((e) => JSON.parse(e.MessageBody!).job_id)).toEqual(res.body.jobs.map((j: { job_id: string }) => j.job_id));
    expect(sentEntries().every((e) => JSON.parse(e.MessageBody!).callback_url === CALLBACK)).toBe(true);
  });

  it('answers 400 naming the bad item and queues nothing', async () => {
    const res = await invoke(apiEvent('api-submit-batch.json', { body: { jobs: [{ method: 'conversations.info', args: { channel: 'C0123456789' } }, { method: 'conversations.info', args: {} }] } }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'jobs[1].args.channel', message: expect.any(String) }]);
    expect(sentEntries()).toHaveLength(0);
  });

  it('retries entries SQS failed and succeeds when they go through', async () => {
    let first = true;
    sqsMock.on(SendMessageBatchCommand).callsFake(async (input) => {
      const failed = first ? input.Entries.slice(0, 2) : [];
      first = false;
      return {
        Successful: input.Entries.filter((e: { Id: string }) => !failed.includes(e)).map((e: { Id: string }) => ({ Id: e.Id })),
        Failed: failed.map((e: { Id: string }) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })),
      };
    });
    const res = await invoke(apiEvent('api-submit-batch.json'));
    expect(res.status).toBe(202);
    expect(sqsMock.commandCalls(SendMessageBatchCommand)[1].args[0].input.Entries!.map((e) => e.Id)).toEqual(['0', '1']);
  });

  it('says exactly which jobs were not queued when retries run out', async () => {
    sqsMock.on(SendMessageBatchCommand).callsFake(async (input) => ({
      Successful: input.Entries.filter((e: { Id: string }) => e.Id !== '3').map((e: { Id: string }) => ({ Id: e.Id })),
      Failed: input.Entries.filter((e: { Id: string }) => e.Id === '3').map((e: { Id: string }) => ({ Id: e.Id, Code: 'InternalError', Message: 'boom', SenderFault: false })),
    }));
    const res = await invoke(apiEvent('api-submit-batch.json'));
    expect(res.status).toBe(503);
    expect(res.body.error.details).toEqual([{ path: 'jobs[3]', message: expect.stringContaining('not queued (InternalError)') }]);
  });
});

describe('job and batch resources', () => {
  it('shows a submitted job by its id, and answers 404 job_not_found for an unknown one', async () => {
    const submitted = await invoke(apiEvent('api-submit-create.json', { body: { method: 'conversations.info', args: { channel: 'C0123456789' }, callback_url: CALLBACK } }));
    const shown = await invoke(apiEvent('api-healthz.json', { path: `/v1/jobs/${submitted.body.job_id}`, headers: { authorization: 'Bearer test-api-key' } }));
    expect(shown).toMatchObject({ status: 200, body: { job_id: submitted.body.job_id, status: 'queued', attempts: 0, args: { channel: 'C0123456789' }, callback: { url: CALLBACK, status: 'pending', attempts: 0 } } });
    const missing = await invoke(apiEvent('api-healthz.json', { path: '/v1/jobs/no-such-job', headers: { authorization: 'Bearer test-api-key' } }));
    expect(missing).toMatchObject({ status: 404, body: { error: { code: 'job_not_found' } } });
  });

  it('needs the API key on job routes', async () => {
    const res = await invoke(apiEvent('api-healthz.json', { path: '/v1/jobs/any' }));
    expect(res.status).toBe(401);
  });

  it('answers a batch with its id, counts and jobs', async () => {
    const res = await invoke(apiEvent('api-submit-batch.json'));
    expect(res.body).toEqual({ batch_id: expect.stringMatching(/^[0-9a-f-]{36}$/), jobs: expect.any(Array) });
    const batch = await invoke(apiEvent('api-healthz.json', { path: `/v1/batches/${res.body.batch_id}`, headers: { authorization: 'Bearer test-api-key' } }));
    expect(batch).toMatchObject({ status: 200, body: { total: res.body.jobs.length, counts: { queued: res.body.jobs.length, running: 0 }, done: false, eta_seconds: expect.any(Number) } });
    const bad = await invoke(apiEvent('api-healthz.json', { path: `/v1/batches/${res.body.batch_id}/jobs`, query: { limit: '0', status: 'lost' }, headers: { authorization: 'Bearer test-api-key' } }));
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', details: [{ path: 'status' }, { path: 'limit' }] } } });
  });
});

describe('routing', () => {
  it('answers GET /healthz without auth', async () => {
    expect(await invoke(apiEvent('api-healthz.json'))).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
  it('answers 404 for an unknown route', async () => {
    expect(await invoke(apiEvent('api-healthz.json', { path: '/v2/nothing' }))).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
  it('answers 405 with Allow for a wrong verb', async () => {
    const res = await invoke(apiEvent('api-submit-create.json', { method: 'PUT' }));
    expect(res).toMatchObject({ status: 405, headers: { allow: 'POST, GET' }, body: { error: { code: 'method_not_allowed' } } });
  });
});
