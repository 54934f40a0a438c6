import { ChangeMessageVisibilityBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { processJobBatch, type JobWorkerDeps } from '../../lib/worker/jobWorker';
import { sqsEvent } from '../helpers/events';
import { fakeClock, jobRecord, recordingLogger, scriptedSlack } from '../helpers/fakes';
import { evenPacer } from '../helpers/pacing';
import type { SlackOutcome } from '../../lib/slack/outcome';
import type { Ledger } from '../../lib/ledger/ledger';
import { toJobCallbackPayload } from '../../lib/jobs/views';
import type { SQSEvent } from 'aws-lambda';
import { seedJobs, useTestLedger } from '../helpers/ledger';
import { createWorkspaceTokens } from '../../lib/workspaces/tokens';
import { ledgerVault } from '../../lib/workspaces/vault';

const sqsMock = mockClient(SQSClient);
const queues = { jobs: 'jobs-url', jobsDlq: 'jobs-dlq-url', callbacks: 'callbacks-url' };
const config = { jobRetryDelays: [10, 60], jobMaxAttempts: 3, jobMaxReceives: 90, rateLimitFallbackSeconds: 30, rateLimitMaxWaitSeconds: 900, slackTimeoutMs: 10_000, pacingMaxSleepMs: 5_000, callbackAllowPrivate: false };
const plenty = { getRemainingTimeInMillis: () => 60_000 };

const ledgers = useTestLedger();
let ledger: Ledger;
beforeEach(async () => {
  ledger = await ledgers.fresh({ now: () => new Date('2026-11-24T00:00:05.000Z') });
});

/** Runs a batch whose jobs the API recorded first, as it always does. */
const run = async (event: SQSEvent, deadline: { getRemainingTimeInMillis(): number }, deps: JobWorkerDeps) => {
  await seedJobs(ledger, event.Records);
  return processJobBatch(event, deadline, deps);
};

const setup = (script: Partial<Record<string, SlackOutcome[]>>, intervalMs = 0, overrides: Partial<typeof config> = {}) => {
  const slack = scriptedSlack(script);
  const { logger, lines } = recordingLogger();
  const time = fakeClock();
  const pacer = evenPacer(intervalMs, time.clock);
  const deps: JobWorkerDeps = {
    sqs: new SQSClient({ region: 'us-east-1' }),
    queues,
    slackWith: () => slack.call,
    workspaces: createWorkspaceTokens({ store: ledger.workspaces, vault: ledgerVault(ledger.workspaces), defaultWorkspace: async () => ({ teamId: 'T0DEFAULT', token: 'xoxb-default' }) }),
    ledger,
    pacer,
    config: { ...config, ...overrides },
    logger,
    clock: time.clock,
    random: () => 1,
  };
  return { slack, deps, lines, time, pacer };
};
/** The callbacks queued, each as its receiver will get it (built from the ledger). */
const callbacks = async () => {
  const pointers = sqsMock.commandCalls(SendMessageCommand).filter((c) => c.args[0].input.QueueUrl === 'callbacks-url').map((c) => JSON.parse(c.args[0].input.MessageBody!));
  return Promise.all(
    pointers.map(async (pointer: { v: number; kind: string; id: string }) => {
      expect(pointer).toEqual({ v: 2, kind: 'job', id: expect.any(String) });
      return { job_id: pointer.id, payload: toJobCallbackPayload((await ledger.jobs.get(pointer.id))!) };
    }),
  );
};
const visibility = () => sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((c) => c.args[0].input.Entries!.map((e) => [e.ReceiptHandle, e.VisibilityTimeout]));

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({ MessageId: 'x' });
  sqsMock.on(ChangeMessageVisibilityBatchCommand).resolves({ Successful: [], Failed: [] });
});

describe('job worker', () => {
  it('runs each job of the sample batch and queues a callback with Slack’s result', async () => {
    const { deps, slack } = setup({ 'conversations.create': [{ kind: 'succeeded', response: { ok: true, channel: { id: 'C1' } } }] });
    const result = await run(sqsEvent('sqs-jobs-batch.json'), plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    // Groups run side by side; inside a group, in delivery order.
    expect(slack.calls.filter((c) => c.method === 'conversations.create').map((c) => c.args.name)).toEqual(['customer-acme', 'customer-globex']);
    expect(slack.calls.filter((c) => c.method === 'conversations.info')).toHaveLength(1);
    // Groups end in any order: the create's callback is found by its job.
    expect((await callbacks()).find((c) => c.job_id === '5b0f3c55-8f4e-4c1e-9a57-1d2f3e4a5b60')).toEqual({
      job_id: '5b0f3c55-8f4e-4c1e-9a57-1d2f3e4a5b60',
      payload: {
        job_id: '5b0f3c55-8f4e-4c1e-9a57-1d2f3e4a5b60',
        workspace: 'default',
        method: 'conversations.create',
        status: 'succeeded',
        attempts: 1,
        result: { ok: true, channel: { id: 'C1' } },
        enqueued_at: '2026-11-24T03:40:00.000Z',
        completed_at: '2026-11-24T00:00:05.000Z',
      },
    });
  });

  it('ends a permanent error at once as failed, never retried', async () => {
    const { deps, slack } = setup({ 'conversations.info': [{ kind: 'permanent', code: 'channel_not_found', message: 'Slack answered channel_not_found', response: { ok: false, error: 'channel_not_found' } }] });
    const result = await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } })] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(slack.calls).toHaveLength(1);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'failed', error: { code: 'channel_not_found', retryable: false }, result: { ok: false, error: 'channel_not_found' } });
  });

  it('reports "already done" as success and notes it', async () => {
    const { deps } = setup({ 'conversations.leave': [{ kind: 'succeeded', response: { ok: true, not_in_channel: true }, alreadyDone: 'not_in_channel' }] });
    await run({ Records: [jobRecord(1, { method: 'conversations.leave', args: { channel: 'C0123456789' } })] }, plenty, deps);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'succeeded', already_done: 'not_in_channel' });
  });

  it('on 429 hides the job for Retry-After and returns the rest of its group unprocessed, in order', async () => {
    const { deps, slack } = setup({
      'conversations.create': [{ kind: 'succeeded', response: { ok: true } }, { kind: 'rate_limited', retryAfterSeconds: 17 }],
    });
    const records = [1, 2, 3, 4].map((i) => jobRecord(i, { method: 'conversations.create', args: { name: `c-${i}` } }));
    const other = jobRecord(5, { method: 'conversations.info', args: { channel: 'C0123456789' } });
    const result = await run({ Records: [...records, other] }, plenty, deps);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-2', 'm-3', 'm-4']);
    expect(slack.calls.filter((c) => c.method === 'conversations.create').map((c) => c.args.name)).toEqual(['c-1', 'c-2']);
    expect(slack.calls.filter((c) => c.method === 'conversations.info')).toHaveLength(1);
    // Newest first so a queue that re-inserts at the head keeps the order; the limited job waits 17 s.
    expect(visibility()).toEqual([['rh-4', 0], ['rh-3', 0], ['rh-2', 17]]);
    expect((await callbacks()).map((c) => c.job_id).sort()).toEqual(['job-1', 'job-5']);
  });

  it('caps a Retry-After of a day at RATE_LIMIT_MAX_WAIT_SECONDS, and says so', async () => {
    const { deps, pacer, lines } = setup({ 'conversations.info': [{ kind: 'rate_limited', retryAfterSeconds: 86_400 }] });
    await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } })] }, plenty, deps);
    expect(visibility()).toEqual([['rh-1', 900]]);
    expect(pacer.untilNextSlot('default:conversations.info')).toBe(900_000);
    expect(lines.find((l) => l.message === 'Retry-After capped')?.extra).toMatchObject({ retry_after: 86_400, waiting: 900 });
  });

  it('falls back to a sane wait when Retry-After is missing', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'rate_limited' }] });
    await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } })] }, plenty, deps);
    expect(visibility()).toEqual([['rh-1', 30]]);
  });

  it('retries a transient error as a new message at the tail of its group, carrying the attempt and its backoff', async () => {
    const { deps, time } = setup({ 'conversations.info': [{ kind: 'transient', code: 'http_503', message: 'x' }] });
    const result = await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' }, previous_attempts: 1 }, 2)] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    const [retry] = sqsMock.commandCalls(SendMessageCommand).filter((c) => c.args[0].input.QueueUrl === 'jobs-url').map((c) => c.args[0].input);
    expect(retry).toMatchObject({ MessageGroupId: 'default:conversations.info', MessageDeduplicationId: 'job-1:2' });
    expect(JSON.parse(retry.MessageBody!)).toMatchObject({ job_id: 'job-1', previous_attempts: 2, not_before: new Date(time.clock.now() + 60_000).toISOString() });
    expect(await callbacks()).toEqual([]);
  });

  it('hides the job for its backoff when the retry cannot be queued', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'transient', code: 'http_503', message: 'x' }] });
    sqsMock.on(SendMessageCommand, { QueueUrl: 'jobs-url' }).rejects(new Error('SQS down'));
    const result = await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } })] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
    expect(visibility()).toEqual([['rh-1', 10]]);
  });

  it('sleeps out a short not_before and hides a long one', async () => {
    const { deps, time, slack } = setup({});
    const soon = new Date(time.clock.now() + 2_000).toISOString();
    const later = new Date(time.clock.now() + 120_000).toISOString();
    await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' }, previous_attempts: 1, not_before: soon })] }, plenty, deps);
    expect(time.sleeps).toEqual([2_000]);
    expect(slack.calls).toHaveLength(1);
    const result = await run({ Records: [jobRecord(2, { method: 'conversations.info', args: { channel: 'C0123456789' }, previous_attempts: 1, not_before: later })] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(visibility()).toEqual([['rh-2', 118]]);
    expect(slack.calls).toHaveLength(1);
  });

  it('ends a transient error as failed once JOB_MAX_ATTEMPTS is reached', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'transient', code: 'internal_error', message: 'Slack answered internal_error' }] });
    const result = await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' }, previous_attempts: 2 }, 7)] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'failed', attempts: 3, error: { code: 'internal_error', retryable: true } });
  });

  it('retries request_timeout only once', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'transient', code: 'request_timeout', message: 'x', maxAttempts: 2 }] });
    await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' }, previous_attempts: 1 })] }, plenty, deps);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'failed', attempts: 2, error: { code: 'request_timeout' } });
  });

  it('does not count rate-limit waits as attempts', async () => {
    const { deps } = setup({});
    await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } }, 4)] }, plenty, deps);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'succeeded', attempts: 1 });
  });

  it('ends a job still rate-limited at JOB_MAX_RECEIVES rather than let redrive drop it unanswered', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'rate_limited', retryAfterSeconds: 5 }] });
    const result = await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } }, 90)] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'failed', error: { code: 'ratelimited', retryable: true } });
  });

  it('moves a poison message to the DLQ without blocking the others', async () => {
    const { deps, slack } = setup({});
    const poison = { ...jobRecord(1, { method: 'conversations.info' }), body: 'not json {' };
    const unknown = jobRecord(2, { method: 'conversations.destroy', args: {} });
    const good = jobRecord(3, { method: 'conversations.info', args: { channel: 'C0123456789' } });
    const result = await run({ Records: [poison, unknown, good] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    const dlq = sqsMock.commandCalls(SendMessageCommand).filter((c) => c.args[0].input.QueueUrl === 'jobs-dlq-url');
    expect(dlq.map((c) => c.args[0].input.MessageBody)).toEqual(['not json {', unknown.body]);
    expect(slack.calls).toHaveLength(1);
    expect((await callbacks())[0].payload.attempts).toBe(0);
    expect((await callbacks()).map((c) => [c.job_id, c.payload.status, c.payload.error?.code])).toEqual([
      ['job-2', 'failed', 'invalid_job'],
      ['job-3', 'succeeded', undefined],
    ]);
  });

  it('stops taking new calls near the deadline and returns the rest for redelivery', async () => {
    const { deps, slack } = setup({});
    // Each Slack call uses 50 s of a 60 s invocation: after the first, no room for another.
    const deadline = { getRemainingTimeInMillis: () => 60_000 - slack.calls.length * 50_000 };
    const records = [1, 2, 3].map((i) => jobRecord(i, { method: 'conversations.create', args: { name: `c-${i}` } }));
    const result = await run({ Records: records }, deadline, deps);
    expect(slack.calls).toHaveLength(1);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-2', 'm-3']);
    expect(visibility()).toEqual([['rh-3', 0], ['rh-2', 0]]);
  });

  it('retries a job whose callback could not be queued, rather than losing the answer', async () => {
    const { deps } = setup({});
    sqsMock.on(SendMessageCommand).rejects(new Error('SQS down'));
    const result = await run({ Records: [jobRecord(1, { method: 'conversations.info', args: { channel: 'C0123456789' } })] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-1' }]);
  });

  it('sends list-valued args to Slack as given and paginates when asked', async () => {
    const { deps, slack } = setup({
      'conversations.members': [
        { kind: 'succeeded', response: { ok: true, members: ['U1'], response_metadata: { next_cursor: 'c2' } } },
        { kind: 'succeeded', response: { ok: true, members: ['U2'], response_metadata: { next_cursor: '' } } },
      ],
    });
    await run({ Records: [jobRecord(1, { method: 'conversations.members', args: { channel: 'C0123456789' }, paginate: true })] }, plenty, deps);
    expect(slack.calls.map((c) => c.args.cursor)).toEqual([undefined, 'c2']);
    expect((await callbacks())[0].payload.result).toMatchObject({ ok: true, members: ['U1', 'U2'], pages: 2 });
  });
});

describe('job worker and the ledger', () => {
  const info = (index: number, extra: Record<string, unknown> = {}, receiveCount = 1) =>
    jobRecord(index, { method: 'conversations.info', args: { channel: 'C0123456789' }, ...extra }, receiveCount);

  it('records the run: running with its attempt, then the outcome with the result', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'succeeded', response: { ok: true, channel: { id: 'C0123456789' } } }] });
    await run({ Records: [info(1)] }, plenty, deps);
    expect(await ledger.jobs.get('job-1')).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      started_at: '2026-11-24T00:00:05.000Z',
      completed_at: '2026-11-24T00:00:05.000Z',
      result: { ok: true, channel: { id: 'C0123456789' } },
      callback_status: 'pending',
    });
  });

  it('never calls Slack for a cancelled job, and leaves its callback to the cancel', async () => {
    const { deps, slack } = setup({});
    const record = info(1);
    await seedJobs(ledger, [record]);
    await ledger.jobs.cancel('job-1');
    const result = await processJobBatch({ Records: [record] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(slack.calls).toEqual([]);
    expect(await callbacks()).toEqual([]);
    expect((await ledger.jobs.get('job-1'))?.status).toBe('cancelled');
  });

  it('queues a cancelled job’s callback itself when the cancel died before it could', async () => {
    const { deps, time } = setup({});
    const record = info(1);
    await seedJobs(ledger, [record]);
    await ledger.jobs.cancel('job-1');
    time.advance(Date.parse('2026-11-24T00:02:00.000Z') - time.clock.now());
    await processJobBatch({ Records: [record] }, plenty, deps);
    expect((await callbacks()).map((c) => [c.job_id, c.payload.status])).toEqual([['job-1', 'cancelled']]);
  });

  it('does not run an ended job again when its message comes back, but re-queues a callback still owed', async () => {
    const { deps, slack } = setup({});
    await run({ Records: [info(1)] }, plenty, deps);
    sqsMock.resetHistory();
    await processJobBatch({ Records: [info(1, {}, 2)] }, plenty, deps);
    expect(slack.calls).toHaveLength(1);
    expect((await callbacks()).map((c) => c.job_id)).toEqual(['job-1']);
  });

  it('keeps the last transient error on a job that will be retried', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'transient', code: 'http_503', message: 'Slack answered HTTP 503' }] });
    await run({ Records: [info(1)] }, plenty, deps);
    expect(await ledger.jobs.get('job-1')).toMatchObject({ status: 'running', attempts: 1, last_error: { code: 'http_503', retryable: true } });
  });

  it('drops a message whose job the ledger does not know, without calling Slack', async () => {
    const { deps, slack, lines } = setup({});
    const result = await processJobBatch({ Records: [info(1)] }, plenty, deps);
    expect(result.batchItemFailures).toEqual([]);
    expect(slack.calls).toEqual([]);
    expect(lines.map((l) => l.message)).toContain('job is not in the ledger (expired or never recorded): dropped');
  });

  it('counts each ended job in its batch once and queues the batch callback when the last one ends', async () => {
    const { deps } = setup({ 'conversations.info': [{ kind: 'succeeded', response: { ok: true } }, { kind: 'permanent', code: 'channel_not_found', message: 'x' }] });
    await ledger.batches.create({ batch_id: 'b-1', workspace: 'default', total: 2, created_at: '2026-11-24T00:00:00.000Z', batch_callback_url: 'https://hooks.example.com/batch' });
    const records = [info(1, { batch_id: 'b-1' }), info(2, { batch_id: 'b-1' })];
    await run({ Records: [records[0]] }, plenty, deps);
    expect(await ledger.batches.get('b-1')).toMatchObject({ succeeded: 1, failed: 0 });
    expect(sqsMock.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!).kind)).toEqual(['job']);
    await run({ Records: [records[1]] }, plenty, deps);
    // A redelivery of an ended job counts nothing twice.
    await processJobBatch({ Records: [records[1]] }, plenty, deps);
    expect(await ledger.batches.get('b-1')).toMatchObject({ succeeded: 1, failed: 1, completed_at: '2026-11-24T00:00:05.000Z', callback_status: 'pending' });
    const queued = sqsMock.commandCalls(SendMessageCommand).map((c) => JSON.parse(c.args[0].input.MessageBody!));
    expect(queued.filter((m) => m.kind === 'batch')).toEqual([{ v: 2, kind: 'batch', id: 'b-1' }]);
  });
});

describe('retried create meeting name_taken', () => {
  const nameTaken: SlackOutcome = { kind: 'permanent', code: 'name_taken', message: 'Slack answered name_taken', response: { ok: false, error: 'name_taken' } };
  const auth: SlackOutcome = { kind: 'succeeded', response: { ok: true, user_id: 'U0BOT00001' } };
  const list = (channel: Record<string, unknown>): SlackOutcome => ({ kind: 'succeeded', response: { ok: true, channels: [{ name: 'other' }, channel], response_metadata: { next_cursor: '' } } });
  const record = (attempts: number) =>
    jobRecord(1, { method: 'conversations.create', args: { name: 'acme' }, enqueued_at: '2026-11-24T00:00:00.000Z', ...(attempts > 1 && { previous_attempts: attempts - 1 }) });

  it('checks after a redelivery too (a crash after the call), not only after a retry', async () => {
    const channel = { id: 'C1', name: 'acme', creator: 'U0BOT00001', created: Date.parse('2026-11-24T00:00:01Z') / 1000 };
    const { deps } = setup({ 'conversations.create': [nameTaken], 'auth.test': [auth], 'conversations.list': [list(channel)] });
    await run({ Records: [jobRecord(1, { method: 'conversations.create', args: { name: 'acme' }, enqueued_at: '2026-11-24T00:00:00.000Z' }, 2)] }, plenty, deps);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'succeeded', already_done: 'created_by_earlier_attempt' });
  });

  it('succeeds when Slack shows the channel made by this bot since the job was queued', async () => {
    const channel = { id: 'C1', name: 'acme', creator: 'U0BOT00001', created: Date.parse('2026-11-24T00:00:01Z') / 1000 };
    const { deps, slack } = setup({ 'conversations.create': [nameTaken], 'auth.test': [auth], 'conversations.list': [list(channel)] });
    await run({ Records: [record(2)] }, plenty, deps);
    expect(slack.calls.map((c) => c.method)).toEqual(['conversations.create', 'auth.test', 'conversations.list']);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'succeeded', already_done: 'created_by_earlier_attempt', result: { ok: true, channel: { id: 'C1' } } });
  });

  it.each([
    ['someone else made it', { id: 'C1', name: 'acme', creator: 'U0SOMEONE1', created: Date.parse('2026-11-24T00:00:01Z') / 1000 }],
    ['it is older than the job', { id: 'C1', name: 'acme', creator: 'U0BOT00001', created: Date.parse('2026-11-20T00:00:00Z') / 1000 }],
  ])('stays a name_taken failure when %s', async (_label, channel) => {
    const { deps } = setup({ 'conversations.create': [nameTaken], 'auth.test': [auth], 'conversations.list': [list(channel)] });
    await run({ Records: [record(2)] }, plenty, deps);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'failed', error: { code: 'name_taken' } });
  });

  it('does not check on a first attempt', async () => {
    const { deps, slack } = setup({ 'conversations.create': [nameTaken] });
    await run({ Records: [record(1)] }, plenty, deps);
    expect(slack.calls).toHaveLength(1);
    expect((await callbacks())[0].payload).toMatchObject({ status: 'failed', error: { code: 'name_taken' } });
  });
});

describe('job worker pacing', () => {
  const creates = (n: number) => Array.from({ length: n }, (_, i) => jobRecord(i + 1, { method: 'conversations.create', args: { name: `c-${i + 1}` } }));

  it('spaces a group’s calls by its interval and hands the group on without waiting (the window is shared)', async () => {
    const { deps, time } = setup({}, 3_000);
    await run({ Records: creates(3) }, plenty, deps);
    expect(time.sleeps).toEqual([3_000, 3_000]);
  });

  it('turns a wait longer than the sleep cap into visibility instead of holding the Lambda', async () => {
    const { deps, time, slack } = setup({}, 60_000);
    const result = await run({ Records: creates(3) }, plenty, deps);
    expect(slack.calls).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(result.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['m-2', 'm-3']);
    expect(visibility()).toEqual([['rh-3', 0], ['rh-2', 60]]);
    expect(await callbacks()).toHaveLength(1);
  });

  it('lets other methods proceed while one is paused by a 429', async () => {
    const { deps, pacer, slack } = setup({ 'conversations.create': [{ kind: 'rate_limited', retryAfterSeconds: 20 }] }, 100);
    const info = jobRecord(9, { method: 'conversations.info', args: { channel: 'C0123456789' } });
    await run({ Records: [...creates(2), info] }, plenty, deps);
    expect(slack.calls.map((c) => c.method).sort()).toEqual(['conversations.create', 'conversations.info']);
    expect(pacer.untilNextSlot('default:conversations.create')).toBeGreaterThanOrEqual(19_000);
    expect(pacer.untilNextSlot('default:conversations.info')).toBeLessThanOrEqual(100);
  });
});
