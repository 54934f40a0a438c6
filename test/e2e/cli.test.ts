import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestStack, type TestStack } from '../helpers/e2e';

/** `scq` as a user runs it: a child process over the real local stack (or a stand-in server). */
const SCQ = resolve(__dirname, '../../bin/scq.mjs');
const FIXTURES = resolve(__dirname, '../fixtures/cli');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const runCli = (args: string[], env: Record<string, string>, stdin?: string): Promise<CliRun> =>
  new Promise((done, fail) => {
    const { PORT: _port, API_KEYS: _keys, SCQ_URL: _url, SCQ_API_KEY: _key, ...inherited } = process.env;
    const child = spawn(process.execPath, [SCQ, ...args], { env: { ...inherited, NO_COLOR: '1', SCQ_POLL_MS: '200', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });

/** A fixture copied into a fresh folder, so the failures file it may get is written there. */
const fixture = async (name: string): Promise<string> => {
  const dir = await mkdtemp(join(tmpdir(), 'scq-cli-'));
  const path = join(dir, name);
  await copyFile(join(FIXTURES, name), path);
  return path;
};

const jsonLines = (text: string): any[] => text.trim().split('\n').map((line) => JSON.parse(line));

describe('scq over the local stack', () => {
  let t: TestStack;
  let env: Record<string, string>;
  const scq = (...args: string[]) => runCli(args, env);
  const archiveCalls = () => t.stack.slack!.stats().calls['conversations.archive'] ?? 0;
  const isArchived = (id: string) => t.stack.slack!.state.conversations.get(id)?.isArchived === true;

  beforeAll(async () => {
    t = await startTestStack();
    env = { SCQ_URL: t.stack.apiUrl, SCQ_API_KEY: t.apiKey };
  });
  afterAll(() => t.stop());

  describe('bulk', () => {
    let csv: string;
    beforeAll(async () => {
      csv = await fixture('archive-30.csv');
    });

    it('archives the 30 channels of a CSV file and exits 0', async () => {
      // Act
      const run = await scq('bulk', csv, '--method', 'conversations.archive');

      // Assess
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('30 jobs sent, 30 new, 0 already submitted');
      expect(run.stdout).toContain('30 succeeded, 0 failed of 30');
      const ids = Array.from({ length: 30 }, (_, i) => `C8${String(i + 1).padStart(8, '0')}`);
      expect(ids.filter(isArchived)).toHaveLength(30);
    }, 60_000);

    it('submits nothing new when the same file runs again', async () => {
      // Prepare
      const callsBefore = archiveCalls();

      // Act
      const run = await scq('bulk', csv, '--method', 'conversations.archive');

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('30 jobs sent, 0 new, 30 already submitted');
      expect(run.stdout).toContain('30 succeeded, 0 failed of 30');
      expect(archiveCalls()).toBe(callsBefore);
    }, 60_000);

    it('runs a JSONL file with --json as parseable JSON lines, writes the failed line and exits 1', async () => {
      // Prepare
      const file = await fixture('mixed.jsonl');

      // Act
      const run = await scq('--json', 'bulk', file, '--method', 'conversations.archive');

      // Assess
      expect(run.code).toBe(1);
      const events = jsonLines(run.stdout);
      expect(events[0]).toMatchObject({ event: 'submitted', total: 5, new: 5, already_submitted: 0, batch_ids: [expect.any(String)] });
      expect(events.slice(1, -1).every((e) => e.event === 'progress')).toBe(true);
      expect(events.at(-1)).toMatchObject({ event: 'done', total: 5, succeeded: 4, failed: 1, failures_file: `${file}.failures.jsonl` });
      const failures = jsonLines(await readFile(`${file}.failures.jsonl`, 'utf8'));
      expect(failures).toEqual([{ line: 4, job_id: expect.any(String), code: 'channel_not_found', message: expect.any(String) }]);
      expect(['C800000031', 'C800000032', 'C800000034'].every(isArchived)).toBe(true);
      expect(t.stack.slack!.state.conversations.get('C800000033')?.topic).toBe('Archived by scq');
    }, 60_000);

    it('reports the failed line again, and exits 1, when a file with a failure runs again', async () => {
      // Prepare
      const file = await fixture('mixed.jsonl');
      await scq('bulk', file, '--method', 'conversations.archive', '--json');

      // Act
      const run = await scq('bulk', file, '--method', 'conversations.archive', '--failures', `${file}.again.jsonl`);

      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toContain('5 jobs sent, 0 new, 5 already submitted');
      expect(jsonLines(await readFile(`${file}.again.jsonl`, 'utf8'))).toEqual([expect.objectContaining({ line: 4, code: 'channel_not_found' })]);
    }, 60_000);

    it('follows the jobs of an earlier run of the same file that are still running, without sending them again', async () => {
      // Prepare
      const dir = await mkdtemp(join(tmpdir(), 'scq-cli-'));
      const file = join(dir, 'rerun.csv');
      await writeFile(file, `channel\n${Array.from({ length: 40 }, (_, i) => `C8${String(i + 100).padStart(8, '0')}`).join('\n')}\n`);
      const first = jsonLines((await scq('--json', 'bulk', file, '--method', 'conversations.archive', '--no-wait')).stdout);

      // Act
      const run = await scq('--json', 'bulk', file, '--method', 'conversations.archive');

      // Assess
      expect(first).toEqual([expect.objectContaining({ event: 'submitted', new: 40 })]);
      expect(run.code).toBe(0);
      const events = jsonLines(run.stdout);
      expect(events[0]).toMatchObject({ event: 'submitted', new: 0, already_submitted: 40, batch_ids: [] });
      expect(events.at(-1)).toMatchObject({ event: 'done', total: 40, succeeded: 40, failed: 0 });
      expect(Array.from({ length: 40 }, (_, i) => `C8${String(i + 100).padStart(8, '0')}`).filter(isArchived)).toHaveLength(40);
    }, 60_000);

    it('reports a bad line by its number, sends nothing and exits 2', async () => {
      // Prepare
      const file = await fixture('bad-line.csv');
      const callsBefore = t.stack.slack!.stats().calls['conversations.invite'] ?? 0;

      // Act
      const run = await scq('bulk', file, '--method', 'conversations.invite');

      // Assess
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('error invalid_input: ');
      expect(run.stderr).toContain('1 bad line of 3; nothing was sent');
      expect(run.stderr).toMatch(/line 3: args\.users\[0\]: must be a user ID/);
      expect(t.stack.slack!.stats().calls['conversations.invite'] ?? 0).toBe(callsBefore);
      // Not even the good lines reached the API: no job of the file's method was recorded.
      const recorded = await t.request('/v1/jobs?method=conversations.invite&limit=200');
      expect(recorded.body.jobs.filter((job: { args: { channel?: string } }) => job.args.channel === 'C800000040')).toEqual([]);
    }, 60_000);

    it('checks the file before asking for an API key', async () => {
      // Prepare
      const file = await fixture('bad-line.csv');

      // Act
      const run = await runCli(['bulk', file, '--method', 'conversations.invite', '--json'], {});

      // Assess
      expect(run.code).toBe(2);
      expect(JSON.parse(run.stdout)).toMatchObject({ error: { code: 'invalid_input', details: [{ path: 'line 3' }] } });
    }, 30_000);
  });

  describe('submit', () => {
    it('waits for a job and prints its result as JSON, exit 0', async () => {
      // Act
      const run = await scq('submit', 'conversations.info', 'channel=C01GENERAL', 'include_num_members=true', '--wait', '--json');

      // Assess
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ method: 'conversations.info', status: 'succeeded', args: { include_num_members: true }, result: { ok: true, channel: { id: 'C01GENERAL' } } });
    }, 30_000);

    it('exits 1 with the error when the job fails', async () => {
      // Act
      const run = await scq('submit', 'conversations.archive', 'channel=C0MISSING', '--wait');

      // Assess
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/status\s+failed/);
      expect(run.stdout).toMatch(/error\s+channel_not_found/);
    }, 30_000);

    it('answers the same idempotency key with the first job', async () => {
      // Prepare
      const first = JSON.parse((await scq('--json', 'submit', 'conversations.info', 'channel=C02RANDOM0', '--idempotency-key', 'cli-e2e-1')).stdout);

      // Act
      const again = JSON.parse((await scq('--json', 'submit', 'conversations.info', 'channel=C02RANDOM0', '--idempotency-key', 'cli-e2e-1')).stdout);

      // Assess
      expect(again).toMatchObject({ job_id: first.job_id, duplicate: true });
    }, 30_000);

    it('prints the API\'s validation error and exits 2', async () => {
      // Act
      const run = await scq('submit', 'conversations.archive', 'channel=general');

      // Assess
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('error validation_failed: Invalid job');
      expect(run.stderr).toMatch(/args\.channel: must be a conversation ID/);
    }, 30_000);

    it('never prints the API key, even when the API refuses it', async () => {
      // Act
      const run = await runCli(['job', '00000000-0000-0000-0000-000000000000'], { SCQ_URL: t.stack.apiUrl, SCQ_API_KEY: 'wrong-key-123456' });

      // Assess
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('error unauthorized:');
      expect(run.stdout + run.stderr).not.toContain('wrong-key-123456');
    }, 30_000);
  });

  describe('ensure, sweep, job, batch and cancel', () => {
    it('prints an ensure dry run\'s plan as a table and changes nothing', async () => {
      // Act
      const run = await scq('ensure', '--name', 'cli-plan', '--private', '--topic', 'Planned', '--members', 'U2345678901,W1234567890', '--dry-run');

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/WOULD\s+DETAIL/);
      expect(run.stdout).toMatch(/create\s+name=cli-plan is_private=true/);
      expect(run.stdout).toMatch(/invite\s+users=\["U2345678901","W1234567890"\]/);
      expect(t.stack.slack!.state.findByName('cli-plan')).toBeUndefined();
    }, 30_000);

    it('prints a sweep dry run\'s matches as a table', async () => {
      // Act
      const run = await scq('sweep', '--prefix', 'project-14', '--action', 'archive', '--dry-run');

      // Assess
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/matched\s+10/);
      expect(run.stdout).toMatch(/C800000140\s+#project-140\s+conversations\.archive/);
    }, 30_000);

    it('shows a job, follows a batch to its end, and cancels by job or batch ID', async () => {
      // Prepare
      const batch = await t.request('/v1/jobs/batch', { body: { jobs: [{ method: 'conversations.info', args: { channel: 'C01GENERAL' } }, { method: 'conversations.info', args: { channel: 'C02RANDOM0' } }] } });
      const jobId = batch.body.jobs[0].job_id;

      // Act
      const watched = await scq('--json', 'batch', batch.body.batch_id, '--watch');
      const job = await scq('job', jobId);
      const cancelJob = await scq('cancel', jobId);
      const cancelBatch = await scq('cancel', batch.body.batch_id);
      const cancelMissing = await scq('cancel', '00000000-0000-0000-0000-000000000000');

      // Assess
      expect(watched.code).toBe(0);
      expect(jsonLines(watched.stdout).at(-1)).toMatchObject({ event: 'done', batch_id: batch.body.batch_id, done: true, counts: { succeeded: 2 } });
      expect(job.stdout).toMatch(new RegExp(`job\\s+${jobId}`));
      expect(cancelJob).toMatchObject({ code: 1, stderr: expect.stringContaining('error job_not_cancellable:') });
      expect(cancelBatch).toMatchObject({ code: 0, stdout: expect.stringContaining('0 queued jobs cancelled') });
      expect(cancelMissing).toMatchObject({ code: 1, stderr: expect.stringContaining('error not_found: No job or batch') });
    }, 60_000);
  });
});

/** The workspace registry and DLQ commands against a stand-in server that records what it is asked. */
describe('scq workspaces and dlq (request shaping)', () => {
  let server: Server;
  let env: Record<string, string>;
  const seen: { method: string; url: string; authorization?: string; body: string }[] = [];
  const readBody = async (req: IncomingMessage) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    return body;
  };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await readBody(req);
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization, body });
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      const route = `${req.method} ${req.url}`;
      if (route === 'GET /v1/workspaces') return reply(200, { workspaces: [{ team_id: 'T0AAAAAAAA', team_name: 'Acme', bot_user_id: 'U0BOT00001', status: 'active', source: 'env', default: true }] });
      if (route === 'PUT /v1/workspaces/T0BBBBBBBB') return reply(200, { team_id: 'T0BBBBBBBB', team_name: 'Beta', bot_user_id: 'U0BOT00002' });
      if (route === 'DELETE /v1/workspaces/T0BBBBBBBB') return reply(200, { team_id: 'T0BBBBBBBB', deleted: true });
      if (route === 'GET /v1/dlq/jobs') return reply(200, { queue: 'jobs', approximate_depth: 1, messages: [{ message_id: 'm-1', kind: 'job', job_id: 'j-1', method: 'conversations.archive', reason: 'poison', sent_at: '2026-01-01T00:00:00.000Z', receive_count: 3, body_excerpt: '{"job_id":"j-1"}' }] });
      if (route === 'GET /v1/dlq/callbacks') return reply(200, { queue: 'callbacks', approximate_depth: 0, messages: [] });
      if (route.startsWith('POST /v1/dlq/')) return reply(200, { redriven: 2 });
      return reply(404, { error: { code: 'not_found', message: 'No such route' } });
    });
    await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
    env = { SCQ_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, SCQ_API_KEY: 'stand-in-key' };
  });
  afterAll(() => new Promise<void>((closed) => server.close(() => closed())));
  beforeEach(() => {
    seen.length = 0;
  });

  it('lists the workspaces as a table', async () => {
    // Act
    const run = await runCli(['workspaces'], env);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/TEAM\s+NAME\s+BOT USER\s+STATUS/);
    expect(run.stdout).toMatch(/T0AAAAAAAA \(default\)\s+Acme\s+U0BOT00001\s+active/);
    expect(seen).toEqual([expect.objectContaining({ method: 'GET', url: '/v1/workspaces', authorization: 'Bearer stand-in-key' })]);
  }, 30_000);

  it('registers a workspace with the token read from stdin, and never prints it', async () => {
    // Act
    const run = await runCli(['workspaces', 'add', 'T0BBBBBBBB', '--token-stdin'], env, 'xoxb-secret-token\n');

    // Assess
    expect(run.code).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ method: 'PUT', url: '/v1/workspaces/T0BBBBBBBB' })]);
    expect(JSON.parse(seen[0].body)).toEqual({ bot_token: 'xoxb-secret-token' });
    expect(run.stdout).toContain('workspace T0BBBBBBBB (Beta) registered, bot U0BOT00002');
    expect(run.stdout + run.stderr).not.toContain('xoxb-secret-token');
  }, 30_000);

  it('refuses a registration without --token-stdin or with an empty stdin, sending nothing', async () => {
    // Act
    const noFlag = await runCli(['workspaces', 'add', 'T0BBBBBBBB'], env, 'xoxb-secret-token\n');
    const empty = await runCli(['workspaces', 'add', 'T0BBBBBBBB', '--token-stdin'], env, '');
    const badTeam = await runCli(['workspaces', 'add', 'acme', '--token-stdin'], env, 'xoxb-secret-token\n');

    // Assess
    expect([noFlag.code, empty.code, badTeam.code]).toEqual([2, 2, 2]);
    expect(noFlag.stderr).toContain('--token-stdin');
    expect(empty.stderr).toContain('no token on stdin');
    expect(seen).toEqual([]);
  }, 30_000);

  it('removes a workspace', async () => {
    // Act
    const run = await runCli(['workspaces', 'rm', 'T0BBBBBBBB'], env);

    // Assess
    expect(run.code).toBe(0);
    expect(seen).toEqual([expect.objectContaining({ method: 'DELETE', url: '/v1/workspaces/T0BBBBBBBB' })]);
  }, 30_000);

  it('lists both DLQs, or one, with --json as one document', async () => {
    // Act
    const both = await runCli(['dlq', 'list'], env);
    const jobs = await runCli(['--json', 'dlq', 'list', 'jobs'], env);

    // Assess
    expect(both.code).toBe(0);
    expect(both.stdout).toContain('jobs DLQ: 1 message');
    expect(both.stdout).toMatch(/m-1\s+job\s+j-1\s+conversations\.archive\s+poison/);
    expect(both.stdout).toContain('callbacks DLQ: 0 messages');
    expect(JSON.parse(jobs.stdout)).toMatchObject({ queue: 'jobs', messages: [{ message_id: 'm-1' }] });
    expect(seen.map((r) => r.url)).toEqual(['/v1/dlq/jobs', '/v1/dlq/callbacks', '/v1/dlq/jobs']);
  }, 30_000);

  it('redrives every message, or only those named', async () => {
    // Act
    const all = await runCli(['dlq', 'redrive', 'jobs'], env);
    const some = await runCli(['dlq', 'redrive', 'callbacks', '--message-id', 'm-1', '--message-id', 'm-2'], env);
    const bad = await runCli(['dlq', 'redrive', 'everything'], env);

    // Assess
    expect([all.code, some.code, bad.code]).toEqual([0, 0, 2]);
    expect(all.stdout).toContain('jobs DLQ: 2 messages sent back to the queue');
    expect(seen.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ['POST', '/v1/dlq/jobs/redrive', {}],
      ['POST', '/v1/dlq/callbacks/redrive', { message_ids: ['m-1', 'm-2'] }],
    ]);
  }, 30_000);
});
