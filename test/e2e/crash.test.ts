import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type CallbackInbox, startCallbackInbox } from '../../local/callbackInbox';
import { scaledRateLimits } from '../../local/rateScale';
import { type SlackEmulator, startSlackEmulator } from '../../local/slack-emulator/server';

/**
 * `npm start` as a user runs it, killed half-way through 100 paced creates and started again on
 * the same DATA_DIR. Slack (the emulator) and the callback receiver live in this test process, so
 * they outlive the service and can tell whether anything was lost or done twice.
 */
const SCALE = 12; // Slack's minute lasts 5 s: 100 creates at tier 2 take about 25 s.
const JOBS = 100;
const API_KEY = 'crash-test-key';
const SECRET = 'whsec_Y3Jhc2gtdGVzdC1zaWduaW5nLXNlY3JldA==';
const ROOT = path.resolve(__dirname, '..', '..');

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

interface Service {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

const startService = async (env: NodeJS.ProcessEnv): Promise<Service> => {
  const port = await freePort();
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true, // its own process group, so the whole tree can be killed at once
    env: { ...process.env, ...env, PORT: String(port), CALLBACK_INBOX_PORT: String(await freePort()) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const until = Date.now() + 60_000;
  while (!output.includes('ready on')) {
    if (Date.now() > until || child.exitCode !== null) throw new Error(`service did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, url: `http://127.0.0.1:${port}`, output: () => output, exited };
};

const submitCreates = async (service: Service, prefix: string, callbackUrl: string): Promise<string[]> => {
  const jobs = Array.from({ length: JOBS }, (_, i) => ({ method: 'conversations.create', args: { name: `${prefix}-${i}` } }));
  const response = await fetch(`${service.url}/v1/jobs/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ jobs, callback_url: callbackUrl }),
  });
  expect(response.status).toBe(202);
  return ((await response.json()) as { jobs: { job_id: string }[] }).jobs.map((job) => job.job_id);
};

describe('nothing lost when npm start dies', () => {
  let slack: SlackEmulator;
  let inbox: CallbackInbox;
  let dataDir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    slack = await startSlackEmulator({ rateLimits: { scale: SCALE } });
    inbox = await startCallbackInbox({ secrets: [SECRET] });
    dataDir = mkdtempSync(path.join(tmpdir(), 'scq-crash-'));
    env = {
      DATA_DIR: dataDir,
      API_KEYS: API_KEY,
      CALLBACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: slack.token,
      SLACK_API_URL: slack.url,
      SLACK_RATE_LIMITS: scaledRateLimits(SCALE),
      JOB_RETRY_DELAYS: '1',
      CALLBACK_RETRY_DELAYS: '1,1,1,1,1',
      RATE_LIMIT_FALLBACK_SECONDS: '1',
      SHUTDOWN_GRACE_MS: '5000',
      LOG_LEVEL: 'ERROR',
    };
  });
  afterEach(async () => {
    await inbox.close();
    await slack.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every job ended with a verified, acknowledged callback; the same body whenever it came again; each channel made once. */
  const expectAllDoneOnce = (jobIds: string[], prefix: string) => {
    const acknowledged = inbox.acknowledged();
    for (const id of jobIds) {
      const acks = acknowledged.get(id) ?? [];
      expect(acks.length).toBeGreaterThanOrEqual(1);
      expect(acks[0].body).toMatchObject({ job_id: id, status: 'succeeded', method: 'conversations.create' });
      for (const ack of acks) expect(ack.body).toEqual(acks[0].body);
    }
    const created = slack.stats().created;
    for (let i = 0; i < JOBS; i += 1) expect(created[`${prefix}-${i}`]).toBe(1);
    expect(Object.keys(created).filter((name) => name.startsWith(`${prefix}-`))).toHaveLength(JOBS);
    return jobIds.reduce((extra, id) => extra + (acknowledged.get(id)!.length - 1), 0);
  };

  it('kill -9 of the whole process group after about 20 callbacks: after a restart every job ends, no channel twice', async () => {
    const first = await startService(env);
    const jobIds = await submitCreates(first, 'crash-kill', inbox.url);
    await inbox.waitFor(() => inbox.acknowledged().size >= 20, 60_000);
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    const before = inbox.acknowledged().size;
    expect(before).toBeLessThan(JOBS);

    const second = await startService(env);
    try {
      const resumed = /Resumed from the ledger: (\d+) unfinished jobs, (\d+) undelivered callbacks/.exec(second.output());
      expect(Number(resumed?.[1]) + Number(resumed?.[2])).toBeGreaterThan(0);
      await inbox.waitFor(() => jobIds.every((id) => inbox.acknowledged().has(id)), 90_000);
      // A callback acknowledged in the instant before the kill, but not yet recorded, is delivered
      // again after the restart with the same webhook-id (receivers deduplicate on it): at most
      // the deliveries that were in flight.
      const redelivered = expectAllDoneOnce(jobIds, 'crash-kill');
      expect(redelivered).toBeLessThanOrEqual(10);
    } finally {
      process.kill(-second.child.pid!, 'SIGTERM');
      await second.exited;
    }
  }, 180_000);

  it('SIGTERM to the npm start PID stops cleanly (exit 0, nothing orphaned); after a restart every job ends exactly once', async () => {
    const first = await startService(env);
    const jobIds = await submitCreates(first, 'crash-term', inbox.url);
    await inbox.waitFor(() => inbox.acknowledged().size >= 20, 60_000);
    first.child.kill('SIGTERM'); // npm's own PID, as a user or a supervisor would signal it
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('stopped; unfinished work is in the ledger');
    // Nothing of the old tree still holds its port or runs.
    await expect(fetch(`${first.url}/healthz`)).rejects.toThrow();
    expect(() => process.kill(-first.child.pid!, 0)).toThrow();

    const second = await startService(env);
    try {
      await inbox.waitFor(() => jobIds.every((id) => inbox.acknowledged().has(id)), 90_000);
      expect(expectAllDoneOnce(jobIds, 'crash-term')).toBe(0);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 180_000);

  it('kill -9 in the middle of an ensure: after a restart it goes on from its last step, and no step is done twice', async () => {
    // Invites one call every ~5 s, so that the kill lands between two of them.
    const paced = { ...env, SLACK_RATE_LIMITS: JSON.stringify({ ...JSON.parse(String(env.SLACK_RATE_LIMITS)), 'conversations.invite': 12 }), PACING_WINDOW_MS: String(60_000 / SCALE) };
    const first = await startService(paced);
    const members = Array.from({ length: 250 }, (_, i) => `U9${String(i + 1).padStart(9, '0')}`);
    const response = await fetch(`${first.url}/v1/channels/ensure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'crash-ensure', is_private: true, topic: 'Renewals', purpose: 'Account team', members, callback_url: inbox.url }),
    });
    expect(response.status).toBe(202);
    const { job_id: jobId } = (await response.json()) as { job_id: string };
    const until = Date.now() + 60_000;
    while ((slack.state.findByName('crash-ensure')?.members.length ?? 0) < 101) {
      if (Date.now() > until) throw new Error('the first invite never landed');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.kill(-first.child.pid!, 'SIGKILL');
    await first.exited;
    expect(slack.state.findByName('crash-ensure')!.members.length).toBeLessThan(251);

    const second = await startService(paced);
    try {
      await inbox.waitFor(() => inbox.acknowledged().has(jobId), 90_000);
      const callback = inbox.acknowledged().get(jobId)![0];
      expect(callback.body).toMatchObject({ status: 'succeeded', result: { created: true, channel: { name: 'crash-ensure', topic: 'Renewals', purpose: 'Account team' } } });
      const channel = slack.state.findByName('crash-ensure')!;
      expect(channel.members).toHaveLength(251);
      expect(slack.stats().created['crash-ensure']).toBe(1);
      expect(channel.messages.filter((m) => m.subtype === 'channel_topic')).toHaveLength(1);
      expect(channel.messages.filter((m) => m.subtype === 'channel_purpose')).toHaveLength(1);
      // Three chunks of at most 100; a chunk in flight at the kill may be asked again, and finds its users in.
      expect(slack.stats().calls['conversations.invite']).toBeLessThanOrEqual(4);
    } finally {
      process.kill(-second.child.pid!, 'SIGTERM');
      await second.exited;
    }
  }, 180_000);
});
