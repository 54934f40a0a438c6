import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { rateFor } from '../lib/catalogue/catalogue';
import { runBaseline } from './baseline';
import { runBundles } from './bundles';
import { runEnqueue } from './enqueue';
import { runEnsureCosts, WORKSPACE_CHANNELS } from './ensure';
import { workerMemoryMb, type WorkerCost } from './measuredWorker';
import { runBurst, runFloorMeasured, runIdleLatency, runSharedQuota } from './pacing';
import { runService } from './serviceRun';
import { runSlackApiBench } from './slackApi';
import { runWorkspaceIndependence } from './workspaces';
import { buildWorkload, floorSeconds, WORKLOAD } from './workload';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Slack's limits scaled ×60: a minute of Slack becomes a second here. */
const SCALE = 60;
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const wants = (part: string) => only.length === 0 || only.includes(part);
const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);

const main = async () => {
  const perMinute = (method: string) => rateFor(method) * SCALE;
  const lines: string[] = [];
  const say = (line = '') => {
    lines.push(line);
    console.log(line);
  };

  const jobs = buildWorkload('floor');
  const floor = floorSeconds(jobs, perMinute);
  const workload = Object.entries(WORKLOAD).map(([m, n]) => `${n} ${m}`).join(' + ');

  if (wants('floor') || wants('baseline')) {
    say(`## 1–2. Floor run and do-it-yourself baseline`);
    say();
    say(`Workload: ${workload} (${jobs.length} jobs), emulator limits ×${SCALE}. Floor = max over methods of jobs ÷ rate = ${f1(floor)} s.`);
    say();
    say('| run | wall time (s) | floor (s) | throughput / floor | 429s drawn | jobs lost | channels created twice |');
    say('|---|---|---|---|---|---|---|');
    if (wants('floor')) {
      const r = await runService(jobs, { scale: SCALE, timeoutMs: (floor * 3 + 60) * 1000 });
      say(`| this service (POST /v1/jobs/batch → callbacks) | ${f1(r.wallSeconds)} | ${f1(floor)} | ${f2(floor / r.wallSeconds)} | ${r.rateLimited} | ${r.lost} | ${r.createdTwice} |`);
    }
    if (wants('baseline')) {
      const b = await runBaseline(buildWorkload('baseline'), { scale: SCALE, timeoutMs: 600_000 });
      say(`| WebClient, default retries, all at once | ${f1(b.wallSeconds)}${b.finished ? '' : ' (gave up waiting)'} | ${f1(floor)} | ${f2(floor / b.wallSeconds)} | ${b.rateLimited} | ${b.lost} | ${b.createdTwice} |`);
    }
    say();
  }

  if (wants('faults')) {
    const faultJobs = buildWorkload('fault');
    const r = await runService(faultJobs, {
      scale: SCALE,
      env: {
        SLACK_TIMEOUT_MS: '1000',
        JOB_RETRY_DELAYS: '1,2,4',
        JOB_MAX_ATTEMPTS: '15',
        RATE_LIMIT_FALLBACK_SECONDS: '1',
        CALLBACK_RETRY_DELAYS: '1,2,4,8,15,15,15,15',
      },
      faults: {
        rate: 0.2,
        seed: 42,
        kinds: ['http_500', 'http_503', 'internal_error', 'ratelimited', 'ratelimited_no_retry_after', 'slow', 'hang', 'hang_after'],
        slowMs: 300,
        hangMs: 3_000,
      },
      // Fails the first two deliveries of every job, and is down (connections reset) from 10 s to 40 s.
      receiver: ({ attempt, elapsedMs }) => (elapsedMs >= 10_000 && elapsedMs < 40_000 ? 'reset' : attempt <= 2 ? 503 : undefined),
      timeoutMs: 300_000,
    });
    say(`## 3. Fault run`);
    say();
    say(`Same workload; 20% of Slack calls fail (HTTP 500/503, internal_error, 429 with and without Retry-After, slow, hung, and hung after doing the work; seed 42); the receiver fails the first two deliveries of every job and is down from 10 s to 40 s.`);
    say();
    say('| jobs | acknowledged exactly once | acknowledged twice | lost | failed | channels created twice | channels missing | Slack faults injected | 429s from limits | deliveries | wall time (s) |');
    say('|---|---|---|---|---|---|---|---|---|---|---|');
    say(`| ${r.jobs} | ${r.acknowledgedOnce} | ${r.acknowledgedTwice} | ${r.lost} | ${r.failed} | ${r.createdTwice} | ${r.createdMissing} | ${r.faultsInjected} | ${r.rateLimited} | ${r.deliveries} | ${f1(r.wallSeconds)} |`);
    say();
  }

  if (wants('enqueue')) {
    const e = await runEnqueue();
    say(`## 4. Enqueue path`);
    say();
    say('Every job is recorded in the ledger (embedded store, on disk) before it is queued, and carries an idempotency key (claimed in the ledger too).');
    say();
    say('| request | requests | p50 (ms) | p99 (ms) | jobs enqueued / s |');
    say('|---|---|---|---|---|');
    say(`| POST /v1/jobs (10 concurrent) | ${e.single.requests} | ${f1(e.single.p50Ms)} | ${f1(e.single.p99Ms)} | ${Math.round(e.single.jobsPerSecond)} |`);
    say(`| POST /v1/jobs/batch, 100 jobs (4 concurrent) | ${e.batch100.requests} | ${f1(e.batch100.p50Ms)} | ${f1(e.batch100.p99Ms)} | ${Math.round(e.batch100.jobsPerSecond)} |`);
    say(`| POST /v1/jobs/batch, 1000 jobs (one at a time) | ${e.batch1000.requests} | ${f1(e.batch1000.p50Ms)} | ${f1(e.batch1000.p99Ms)} | ${Math.round(e.batch1000.jobsPerSecond)} |`);
    say(`| raw SendMessageBatch ×10, same SQS emulator (10 concurrent) | ${e.rawSendMessageBatch.calls} | | | ${Math.round(e.rawSendMessageBatch.messagesPerSecond)} |`);
    say();
  }

  if (wants('bundles')) {
    const bundles = await runBundles();
    say(`## 5. Lambda bundles`);
    say();
    say('Each function as `serverless package` ships it (esbuild, minified; source map alongside), and its cold import (module scope included) in a fresh Node process, median of 7, next to the same handler loading its dependencies from node_modules. Targets: under 1 MB, under 150 ms.');
    say();
    say('| function | bundle (KB) | zip with source map (KB) | cold import, bundled (ms) | cold import, unbundled (ms) |');
    say('|---|---|---|---|---|');
    for (const b of bundles) {
      say(`| ${b.fn} | ${Math.round(b.bundleBytes / 1024)} | ${Math.round(b.zipBytes / 1024)} | ${f1(b.bundledImportMs)} | ${f1(b.unbundledImportMs)} |`);
    }
    say();
  }

  if (wants('ensure')) {
    const cases = await runEnsureCosts(SCALE);
    say(`## 6. What an ensure costs in a workspace of ${WORKSPACE_CHANNELS.toLocaleString('en')} channels`);
    say();
    say(`POST /v1/channels/ensure against the emulator seeded with ${WORKSPACE_CHANNELS.toLocaleString('en')} channels, limits ×${SCALE}: Slack calls by method, and wall time to the callback.`);
    say();
    say('| ensure | Slack calls | wall time (s) |');
    say('|---|---|---|');
    for (const c of cases) {
      const calls = Object.entries(c.calls).map(([method, n]) => `${n} ${method.replace('conversations.', '')}`).join(', ');
      say(`| ${c.label} | ${calls} | ${f2(c.wallSeconds)} |`);
    }
    say();
  }

  if (wants('pacing')) {
    const memoryMb = workerMemoryMb();
    const gbSeconds = (cost: WorkerCost, n: number) => ((cost.billedSeconds * memoryMb) / 1024 / n) * 1000;
    say(`## 7. Pacing: window, burst, shared quota, idle latency, cost`);
    say();
    say(`Floor run again (${workload}, limits ×${SCALE}, floor ${f1(floor)} s), the job worker timed as Lambda bills it: billed time = sum of invocation durations × ${memoryMb} MB (serverless.yml), per 1,000 jobs; "asleep" = the share of it in which the invocation waited on a timer (pacing, hand-off). Locally the queue hands out one job per method per receive, so an invocation holds up to one job of each method (deployed: up to 10).`);
    say();
    say('| pacer | wall time (s) | throughput / floor | 429s drawn | jobs lost | invocations | billed GB-s per 1,000 jobs | asleep |');
    say('|---|---|---|---|---|---|---|---|');
    const floors: [string, 'window' | 'legacy', 'ledger' | 'memory'][] = [
      ['window pacing, windows in the ledger (deployed; local default)', 'window', 'ledger'],
      ['window pacing, windows in memory (`PACING_STORE=memory`)', 'window', 'memory'],
      ['before: evenly spaced at 0.95, hand-off wait (as deployed until now)', 'legacy', 'memory'],
    ];
    for (const [label, pacing, store] of floors) {
      const r = await runFloorMeasured(jobs, SCALE, pacing, store);
      say(`| ${label} | ${f1(r.wallSeconds)} | ${f2(floor / r.wallSeconds)} | ${r.rateLimited} | ${r.lost} | ${r.cost.invocations} | ${f2(gbSeconds(r.cost, r.jobs))} | ${Math.round((100 * r.cost.sleepingSeconds) / r.cost.billedSeconds)}% |`);
    }
    say();
    const burst = await runBurst();
    const shared = await runSharedQuota(SCALE);
    const idle = { ledger: await runIdleLatency('ledger'), memory: await runIdleLatency('memory') };
    // The other client leaves half of create's limit: 200 creates need 200 ÷ (rate ÷ 2) at best.
    const sharedIdeal = 200 / ((perMinute('conversations.create') / 2) / 60);
    say('| run | figure | target |');
    say('|---|---|---|');
    say(`| burst: 20 creates + 50 infos at once, real tier limits (no scaling) | last callback after ${f1(burst.wallSeconds)} s, ${burst.rateLimited} 429s, ${burst.lost} lost | ≤ 5 s, 0 429s (evenly spaced: ~60 s) |`);
    say(`| shared quota: 200 creates while another client spends half of create's limit (×${SCALE}) | ${shared.rateLimited} 429s drawn by the service; ${f1(shared.wallSeconds)} s against ${f1(sharedIdeal)} s for the half left (${f2(sharedIdeal / shared.wallSeconds)}); the other client: ${shared.background?.taken ?? 0} calls, ${shared.background?.refused ?? 0} refused | ≤ 5 429s |`);
    say(`| idle latency, single job submit → callback, 50 jobs one at a time: windows in the ledger | p50 ${f1(idle.ledger.p50Ms)} ms, p99 ${f1(idle.ledger.p99Ms)} ms | within a few ms of ~21 / ~85 ms |`);
    say(`| idle latency, windows in memory | p50 ${f1(idle.memory.p50Ms)} ms, p99 ${f1(idle.memory.p99Ms)} ms | |`);
    say();
  }

  if (wants('slackapi')) {
    const options = { scale: SCALE, processes: 3, perProcess: 100 };
    say(`## 8. Existing Slack code: three WebClient processes through /slack/api`);
    say();
    say(`${options.processes} client processes, each creating ${options.perProcess} channels as fast as its \`WebClient\` allows (all calls started at once, default retry policy), against one workspace at limits ×${SCALE}; through the service's \`/slack/api/\` (SLACK_PROXY_WAIT_MS 10 s) and, in the same run, straight at the Slack emulator (the do-it-yourself baseline).`);
    say();
    say('| clients call | wall time (s) | floor (s) | throughput / floor | 429s from Slack | 429s the clients saw | ok | channels created twice |');
    say('|---|---|---|---|---|---|---|---|');
    for (const target of ['service', 'direct'] as const) {
      const r = await runSlackApiBench(target, options);
      const label = target === 'service' ? 'the service, `/slack/api/`' : 'Slack (the emulator) directly';
      say(`| ${label} | ${f1(r.wallSeconds)} | ${f1(r.floorSeconds)} | ${f2(r.floorSeconds / r.wallSeconds)} | ${r.slack429s} | ${r.client429s} | ${r.ok}/${options.processes * options.perProcess} | ${r.createdTwice} |`);
    }
    say();
  }

  if (wants('workspaces')) {
    const options = { scale: SCALE, big: 1000, small: 20 };
    const r = await runWorkspaceIndependence(options);
    say(`## 9. One workspace's backlog and another's jobs`);
    say();
    say(`${options.big} creates queued for workspace A, then ${options.small} for workspace B, limits ×${SCALE} (each workspace's create group allows 20 a second).`);
    say();
    say('| workspace B: submit → last callback (s) | B alone at its own rate (s) | A done by then | A: all done (s) | 429s |');
    say('|---|---|---|---|---|');
    say(`| ${f2(r.smallSeconds)} | ${f2(r.smallFloorSeconds)} (a window's burst, then the rate) | ${r.bigDoneWhenSmallDone} of ${options.big} | ${f1(r.bigSeconds)} | ${r.rateLimited} |`);
    say();
  }

  if (process.argv.includes('--write')) {
    const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.arch()}, Node ${process.version}`;
    writeFileSync(
      'BENCHMARKS.md',
      [
        '# Benchmarks',
        '',
        `Command: \`npm run bench\` (this file is rewritten by it). Machine: ${machine}. Run ${new Date().toISOString().slice(0, 10)}.`,
        'Everything runs in one Node process on one machine: the local stack (SQS emulator, HTTP API, Lambda-like pollers), the Slack emulator and the callback receiver.',
        '',
        ...lines,
      ].join('\n'),
    );
  }
};

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
