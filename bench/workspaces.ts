import { rateFor } from '../lib/catalogue/catalogue';
import { startCallbackInbox } from '../local/callbackInbox';
import { scaledRateLimits } from '../local/rateScale';
import { startStack } from '../local/stack';
import { withDataDir } from './dataDir';

export interface WorkspaceIndependenceResult {
  /** Seconds from workspace B's submit to its last callback. */
  smallSeconds: number;
  /** B's own floor: its creates at its own rate, less the burst an idle window allows. */
  smallFloorSeconds: number;
  /** How many of A's creates had finished when B's last callback came. */
  bigDoneWhenSmallDone: number;
  bigSeconds: number;
  rateLimited: number;
}

/**
 * Issue 10's measurement: `big` creates queued for one workspace (the default), then `small` for a
 * second one; the second's jobs must finish at their own floor, not behind the first's backlog.
 */
export const runWorkspaceIndependence = (options: { scale: number; big: number; small: number }): Promise<WorkspaceIndependenceResult> =>
  withDataDir(async (dataDir) => {
    const stack = await startStack({
      dataDir,
      env: { LOG_LEVEL: 'ERROR', SLACK_RATE_LIMITS: scaledRateLimits(options.scale), PACING_WINDOW_MS: String(60_000 / options.scale) },
      slackEmulator: { rateLimits: { scale: options.scale } },
    });
    const inbox = await startCallbackInbox({ secrets: String(stack.env.CALLBACK_SIGNING_SECRET).split(',') });
    const key = String(stack.env.API_KEYS).split(',')[0];
    const second = [...stack.slack!.workspaces.keys()][1];
    const submit = async (workspace: string | undefined, prefix: string, count: number) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i += 1000) {
        const jobs = Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ method: 'conversations.create', args: { name: `${prefix}-${i + j}` } }));
        const response = await fetch(`${stack.apiUrl}/v1/jobs/batch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ jobs, callback_url: inbox.url, ...(workspace && { workspace }) }),
        });
        if (response.status !== 202) throw new Error(`batch refused: ${response.status} ${await response.text()}`);
        ids.push(...((await response.json()) as { jobs: { job_id: string }[] }).jobs.map((job) => job.job_id));
      }
      return ids;
    };
    try {
      const bigStarted = Date.now();
      const big = await submit(undefined, 'big', options.big);
      const smallStarted = Date.now();
      const small = await submit(second, 'small', options.small);
      await inbox.waitFor(() => small.every((id) => inbox.acknowledged().has(id)), 120_000);
      const smallDone = Math.max(...small.map((id) => inbox.acknowledged().get(id)![0].at));
      const bigDoneWhenSmallDone = big.filter((id) => (inbox.acknowledged().get(id)?.[0].at ?? Number.POSITIVE_INFINITY) <= smallDone).length;
      await inbox.waitFor(() => big.every((id) => inbox.acknowledged().has(id)), 600_000);
      const bigDone = Math.max(...big.map((id) => inbox.acknowledged().get(id)![0].at));
      const perSecond = (rateFor('conversations.create') * options.scale) / 60;
      return {
        smallSeconds: (smallDone - smallStarted) / 1000,
        smallFloorSeconds: Math.max(0, options.small - perSecond) / perSecond,
        bigDoneWhenSmallDone,
        bigSeconds: (bigDone - bigStarted) / 1000,
        rateLimited: stack.slack!.stats().rateLimited,
      };
    } finally {
      await inbox.close();
      await stack.stop();
    }
  });
