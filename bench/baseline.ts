import { LogLevel, WebClient } from '@slack/web-api';
import { startSlackEmulator } from '../local/slack-emulator/server';
import type { WorkloadJob } from './workload';

export interface BaselineResult {
  jobs: number;
  wallSeconds: number;
  finished: boolean;
  rateLimited: number;
  succeeded: number;
  lost: number;
  createdTwice: number;
}

/**
 * Do-it-yourself: `@slack/web-api`'s WebClient with its default retry settings (it honours
 * Retry-After and retries), every call started at once, against the same emulator.
 */
export const runBaseline = async (jobs: WorkloadJob[], options: { scale: number; timeoutMs: number }): Promise<BaselineResult> => {
  const emulator = await startSlackEmulator({ rateLimits: { scale: options.scale } });
  const client = new WebClient(emulator.token, { slackApiUrl: emulator.url, logLevel: LogLevel.ERROR });
  const started = Date.now();
  let ended = started;
  const calls = Promise.allSettled(
    jobs.map(async (job) => {
      const result = await client.apiCall(job.method, job.args);
      ended = Math.max(ended, Date.now());
      return result;
    }),
  );
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), options.timeoutMs).unref());
  const outcome = await Promise.race([calls, timeout]);
  const stats = emulator.stats();
  const settled = outcome === 'timeout' ? [] : outcome;
  const succeeded = settled.filter((s) => s.status === 'fulfilled').length;
  await emulator.close();
  const names = jobs.filter((j) => j.method === 'conversations.create').map((j) => String(j.args.name));
  return {
    jobs: jobs.length,
    wallSeconds: ((outcome === 'timeout' ? Date.now() : ended) - started) / 1000,
    finished: outcome !== 'timeout',
    rateLimited: stats.rateLimited,
    succeeded,
    lost: jobs.length - succeeded,
    createdTwice: names.filter((name) => (stats.created[name] ?? 0) > 1).length,
  };
};
