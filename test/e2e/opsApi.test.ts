import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../../lib/queue/sqsClient';
import { GENERAL_CHANNEL_ID } from '../../local/slack-emulator/state';
import { scaledRateLimits } from '../../local/rateScale';
import { eventually, startTestStack, TEST_SCALE, type TestStack } from '../helpers/e2e';

const SCOPED_KEY = 'scopedkey';
const OTHER_WORKSPACE = 'T0OTHER01';

let t: TestStack;
let sqs: ReturnType<typeof createSqsClient>;
beforeAll(async () => {
  // setPurpose is paced at one call a second (60 a minute, and a test minute is a second), so its jobs are seen waiting.
  const rates = { ...JSON.parse(scaledRateLimits(TEST_SCALE)), 'conversations.setPurpose': 60 };
  t = await startTestStack({ env: { API_KEYS: `adminkey,${SCOPED_KEY}=${OTHER_WORKSPACE}`, SLACK_RATE_LIMITS: JSON.stringify(rates) } });
  sqs = createSqsClient({ region: 'us-east-1', sqsEndpoint: t.stack.sqs.endpoint });
});
afterAll(async () => {
  sqs.destroy();
  await t.stop();
});

const asScoped = { headers: { authorization: `Bearer ${SCOPED_KEY}` } };
const info = (n: number) => ({ method: 'conversations.info', args: { channel: GENERAL_CHANNEL_ID }, idempotency_key: `ops-info-${n}` });

/** Submits a job and waits until its callback came back (it has ended). */
const runJob = async (job: Record<string, unknown>) => {
  const submitted = await t.submit(job);
  expect(submitted.status).toBe(202);
  await t.callbackFor(submitted.body.job_id);
  return submitted.body.job_id as string;
};

/** The workspace the stack records jobs under (today `default`, later the Slack team ID): read, not assumed. */
const defaultWorkspace = async (jobId: string): Promise<string> => {
  const listed = await t.request('/v1/jobs?limit=200');
  return listed.body.jobs.find((job: { job_id: string }) => job.job_id === jobId).workspace;
};

/** Puts a poison job message on the jobs DLQ, as the worker would (reason attribute, group `poison`). */
const poison = async (workspace: string, jobId: string) => {
  const body = JSON.stringify({ v: 1, job_id: jobId, workspace, method: 'conversations.bogus', args: {}, enqueued_at: new Date().toISOString() });
  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: t.stack.sqs.queues.jobsDlq,
      MessageBody: body,
      MessageGroupId: 'poison',
      MessageDeduplicationId: `${jobId}-${Date.now()}`,
      MessageAttributes: { reason: { DataType: 'String', StringValue: 'unknown method conversations.bogus' } },
    }),
  );
  return sent.MessageId as string;
};

describe('operator API access', () => {
  it('refuses every operator route without a valid key', async () => {
    // Prepare
    const routes = ['/v1/overview', '/v1/jobs', '/v1/batches', '/v1/dlq/jobs'];

    // Act
    const answers = await Promise.all(routes.map((path) => t.request(path, { headers: { authorization: 'Bearer wrong' } })));

    // Assess
    for (const answer of answers) expect(answer).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
  });

  it('answers bad query parameters, queues and bodies with the error shape', async () => {
    // Act
    const badStatus = await t.request('/v1/jobs?status=bogus&limit=0');
    const badCursor = await t.request('/v1/jobs?cursor=not-a-cursor');
    const badQueue = await t.request('/v1/dlq/nope');
    const badBody = await t.request('/v1/dlq/jobs/redrive', { method: 'POST', rawBody: '{"message_ids": 3}' });

    // Assess
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['limit', 'status']);
    expect(badCursor).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', details: [{ path: 'cursor' }] } } });
    expect(badQueue).toMatchObject({ status: 404, body: { error: { code: 'queue_not_found' } } });
    expect(badBody).toMatchObject({ status: 400, body: { error: { code: 'validation_failed', details: [{ path: 'message_ids' }] } } });
  });
});

describe('GET /v1/overview', () => {
  it('shows queue depths, jobs not yet ended and the pacing groups to an admin key', async () => {
    // Prepare
    await runJob(info(0));

    // Act
    const overview = await t.request('/v1/overview');

    // Assess
    expect(overview.status).toBe(200);
    const depth = { visible: expect.any(Number), in_flight: expect.any(Number), dlq: expect.any(Number) };
    expect(overview.body).toMatchObject({
      queues: { jobs: depth, callbacks: depth },
      jobs: { queued: expect.any(Number), running: expect.any(Number) },
      groups: expect.any(Array),
      generated_at: expect.any(String),
    });
    // The job's pacing group, as the worker keeps it in the ledger: its limit, allowance and the call just made.
    const workspace = await defaultWorkspace(await runJob(info(90)));
    const group = overview.body.groups.find((g: { group: string }) => g.group === `${workspace}:conversations.info`);
    const perMinute = JSON.parse(scaledRateLimits(TEST_SCALE))['conversations.info'];
    expect(group).toMatchObject({ workspace, method: 'conversations.info', limit_per_minute: perMinute, allowance_per_minute: perMinute, rate_limited_last_hour: 0 });
  });

  it('counts queued jobs while they wait', async () => {
    // Prepare: setPurpose runs one job a second here, so the others wait.
    const submitted = await t.request('/v1/jobs/batch', {
      body: { jobs: Array.from({ length: 5 }, (_, i) => ({ method: 'conversations.setPurpose', args: { channel: GENERAL_CHANNEL_ID, purpose: `purpose ${i}` } })) },
    });
    expect(submitted.status).toBe(202);

    // Act
    const overview = await t.request('/v1/overview');

    // Assess
    expect(overview.body.jobs.queued + overview.body.jobs.running).toBeGreaterThan(0);
    expect(overview.body.queues.oldest_open_job_at).toEqual(expect.any(String));
  });
});

describe('GET /v1/jobs and GET /v1/batches', () => {
  it('lists jobs newest first as GET /v1/jobs/{id} shows them, without results, page by page', async () => {
    // Prepare
    const ids = [];
    for (let i = 1; i <= 3; i += 1) ids.push(await runJob(info(i)));

    // Act
    const first = await t.request('/v1/jobs?method=conversations.info&limit=2');
    const second = await t.request(`/v1/jobs?method=conversations.info&limit=2&cursor=${first.body.next_cursor}`);

    // Assess
    expect(first.body.jobs.map((job: { job_id: string }) => job.job_id)).toEqual([ids[2], ids[1]]);
    expect(second.body.jobs[0].job_id).toBe(ids[0]);
    const single = await t.request(`/v1/jobs/${ids[2]}`);
    const { result: _result, ...withoutResult } = single.body;
    expect(first.body.jobs[0]).toMatchObject(withoutResult);
    expect(first.body.jobs[0]).not.toHaveProperty('result');
    expect(first.body.jobs[0].workspace).toEqual(expect.any(String));
  });

  it('filters jobs by status', async () => {
    // Prepare
    const failed = await runJob({ method: 'conversations.archive', args: { channel: 'C0MISSING01' } });

    // Act
    const listed = await t.request('/v1/jobs?status=failed');

    // Assess
    expect(listed.body.jobs.map((job: { job_id: string }) => job.job_id)).toContain(failed);
    expect(listed.body.jobs.every((job: { status: string }) => job.status === 'failed')).toBe(true);
  });

  it('lists batches newest first as GET /v1/batches/{id} shows them', async () => {
    // Prepare
    const older = await t.request('/v1/jobs/batch', { body: { jobs: [info(10), info(11)] } });
    const newer = await t.request('/v1/jobs/batch', { body: { jobs: [info(12)] } });

    // Act
    const listed = await t.request('/v1/batches?limit=2');

    // Assess
    expect(listed.body.batches.map((batch: { batch_id: string }) => batch.batch_id)).toEqual([newer.body.batch_id, older.body.batch_id]);
    expect(listed.body.next_cursor).toEqual(expect.any(String));
    const single = await t.request(`/v1/batches/${older.body.batch_id}`);
    expect(listed.body.batches[1]).toMatchObject({ batch_id: single.body.batch_id, total: 2, created_at: single.body.created_at, counts: expect.any(Object) });
  });
});

describe('dead letters', () => {
  it('lists a poison message with its reason, redrives it to the jobs queue, and deletes it', async () => {
    // Prepare
    const workspace = await defaultWorkspace(await runJob(info(20)));
    const messageId = await poison(workspace, 'poison-job-1');

    // Act: list
    const listed = await t.request('/v1/dlq/jobs');

    // Assess
    expect(listed.status).toBe(200);
    expect(listed.body.approximate_depth).toBeGreaterThanOrEqual(1);
    expect(listed.body.messages).toContainEqual(
      expect.objectContaining({ message_id: messageId, kind: 'job', job_id: 'poison-job-1', workspace, method: 'conversations.bogus', reason: 'unknown method conversations.bogus', receive_count: expect.any(Number) }),
    );
    const message = listed.body.messages.find((m: { message_id: string }) => m.message_id === messageId);
    expect(message.body_excerpt.length).toBeLessThanOrEqual(200);

    // Act: redrive; the worker dead-letters the still-poisonous job again, as a new message
    const redriven = await t.request('/v1/dlq/jobs/redrive', { body: { message_ids: [messageId] } });
    const again = await eventually(async () => {
      const now = await t.request('/v1/dlq/jobs');
      return now.body.messages.find((m: { job_id?: string; message_id: string }) => m.job_id === 'poison-job-1' && m.message_id !== messageId);
    });

    // Assess
    expect(redriven.body).toEqual({ redriven: 1 });

    // Act: delete
    const deleted = await t.request(`/v1/dlq/jobs/messages/${again.message_id}`, { method: 'DELETE' });
    const deletedAgain = await t.request(`/v1/dlq/jobs/messages/${again.message_id}`, { method: 'DELETE' });
    const after = await t.request('/v1/dlq/jobs');

    // Assess
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true } });
    expect(deletedAgain).toMatchObject({ status: 404, body: { error: { code: 'dlq_message_not_found' } } });
    expect(after.body.messages.map((m: { job_id?: string }) => m.job_id)).not.toContain('poison-job-1');
  });

  it('redrives a dead-lettered callback, which is then delivered', async () => {
    // Prepare: the receiver fails until the callback gives up and is dead-lettered.
    let failing = true;
    t.inbox.setBehaviour(() => (failing ? 500 : undefined));
    const submitted = await t.submit(info(30));
    const jobId = submitted.body.job_id as string;
    const dead = await eventually(async () => {
      const listed = await t.request('/v1/dlq/callbacks');
      return listed.body.messages.find((m: { job_id?: string }) => m.job_id === jobId);
    });
    failing = false;

    // Act
    const redriven = await t.request('/v1/dlq/callbacks/redrive', { body: { message_ids: [dead.message_id] } });
    const callback = await t.callbackFor(jobId);

    // Assess
    expect(dead).toMatchObject({ kind: 'job_callback', method: 'conversations.info', reason: expect.stringContaining('gave up') });
    expect(redriven.body).toEqual({ redriven: 1 });
    expect(callback.body).toMatchObject({ job_id: jobId, status: 'succeeded' });
    const job = await eventually(async () => {
      const now = await t.request(`/v1/jobs/${jobId}`);
      return now.body.callback.status === 'delivered' ? now.body : undefined;
    });
    expect(job.callback.status).toBe('delivered');
  });
});

describe('a key scoped to other workspaces', () => {
  it('sees none of the default workspace’s jobs, batches or queue depths, and no dead letters at all', async () => {
    // Prepare
    const jobId = await runJob(info(40));
    const workspace = await defaultWorkspace(jobId);
    await t.request('/v1/jobs/batch', { body: { jobs: [info(41)] } });
    const messageId = await poison(workspace, 'poison-job-2');

    // Act
    const jobs = await t.request('/v1/jobs', asScoped);
    const named = await t.request(`/v1/jobs?workspace=${workspace}`, asScoped);
    const batches = await t.request('/v1/batches', asScoped);
    const overview = await t.request('/v1/overview', asScoped);
    const dlq = await t.request('/v1/dlq/jobs', asScoped);
    const redrive = await t.request('/v1/dlq/jobs/redrive', { ...asScoped, method: 'POST', rawBody: '' });
    const remove = await t.request(`/v1/dlq/jobs/messages/${messageId}`, { ...asScoped, method: 'DELETE' });

    // Assess
    expect(workspace).not.toBe(OTHER_WORKSPACE);
    expect(jobs).toMatchObject({ status: 200, body: { jobs: [] } });
    expect(named.body.jobs).toEqual([]);
    expect(batches.body.batches).toEqual([]);
    expect(overview.status).toBe(200);
    expect(overview.body).not.toHaveProperty('queues');
    expect(overview.body.jobs).toMatchObject({ queued: 0, running: 0 });
    expect(overview.body.groups).toEqual([]);
    // Dead letters are every workspace's: only admin keys see or touch them.
    for (const res of [dlq, redrive, remove]) expect(res).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    const admin = await t.request('/v1/dlq/jobs');
    expect(admin.body.messages.map((m: { message_id: string }) => m.message_id)).toContain(messageId);
  });
});

describe('the dashboard’s files', () => {
  it('serves the page, script and stylesheet without a key, with their types and a strict CSP', async () => {
    // Act
    const [page, script, style, missing] = await Promise.all(
      ['/ui/', '/ui/app.js', '/ui/app.css', '/ui/nope.js'].map((path) => fetch(`${t.stack.apiUrl}${path}`)),
    );
    const revalidated = await fetch(`${t.stack.apiUrl}/ui/app.js`, { headers: { 'if-none-match': String(script.headers.get('etag')) } });

    const bodies = await Promise.all([page, script, style].map((response) => response.text()));

    // Assess
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(bodies[0]).toContain('<script type="module" src="/ui/app.js"></script>');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const csp = String(page.headers.get('content-security-policy'));
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(missing.status).toBe(404);
    expect(revalidated.status).toBe(304);
    expect(bodies.reduce((sum, body) => sum + Buffer.byteLength(body), 0)).toBeLessThan(200 * 1024);
  });
});
