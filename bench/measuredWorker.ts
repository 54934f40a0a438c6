import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import type { Context, SQSEvent } from 'aws-lambda';
import { jobWorkerDeps } from '../handlers/jobWorker';
import { rateFor } from '../lib/catalogue/catalogue';
import { type Clock, systemClock } from '../lib/worker/clock';
import { processJobBatch } from '../lib/worker/jobWorker';
import type { SqsHandler } from '../local/poller';
import { LegacyPacer } from './legacyPacer';

export interface WorkerCost {
  invocations: number;
  /** Sum of invocation durations: what Lambda bills. */
  billedSeconds: number;
  /** Of that, time in which the invocation was asleep (a pacing wait, a hand-off, a backoff). */
  sleepingSeconds: number;
}

/** The job worker's memory as serverless.yml configures it (the provider's, unless the function sets its own). */
export const workerMemoryMb = (): number => {
  const yml = readFileSync('serverless.yml', 'utf8');
  const own = /\n {2}jobWorker:\n(?: {4}.*\n)*? {4}memorySize: (\d+)/.exec(yml);
  return Number(own?.[1] ?? /\n {2}memorySize: (\d+)/.exec(yml)?.[1] ?? 1024);
};

/**
 * The job worker as handlers/jobWorker.ts wires it, with the window pacer or the one it replaced,
 * timing each invocation and the sleeps inside it (a sleep's time counts once per invocation, however
 * many groups sleep side by side).
 */
export const measuredJobWorker = (pacing: 'window' | 'legacy') => {
  const cost: WorkerCost = { invocations: 0, billedSeconds: 0, sleepingSeconds: 0 };
  const invocation = new AsyncLocalStorage<{ sleeping: number; since: number; asleep: number }>();
  const clock: Clock = {
    now: systemClock.now,
    sleep: async (ms) => {
      const current = invocation.getStore();
      if (current && current.sleeping++ === 0) current.since = Date.now();
      try {
        await systemClock.sleep(ms);
      } finally {
        if (current && --current.sleeping === 0) current.asleep += Date.now() - current.since;
      }
    },
  };
  const factory = (env: NodeJS.ProcessEnv): SqsHandler => {
    const deps = jobWorkerDeps(env, {
      clock,
      ...(pacing === 'legacy' && { pacer: (config) => new LegacyPacer((m) => rateFor(m, config.slackRateLimits), 0.95, clock) }),
    });
    return async (event: SQSEvent, context: Context) => {
      const started = Date.now();
      const state = { sleeping: 0, since: 0, asleep: 0 };
      try {
        return await invocation.run(state, () => processJobBatch(event, context, deps));
      } finally {
        cost.invocations += 1;
        cost.billedSeconds += (Date.now() - started) / 1000;
        cost.sleepingSeconds += state.asleep / 1000;
      }
    };
  };
  return { factory, cost };
};
