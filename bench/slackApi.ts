import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startStack } from '../local/stack';
import { rateFor } from '../lib/catalogue/catalogue';
import { scaledRateLimits } from '../local/rateScale';
import { withDataDir } from './dataDir';

const run = promisify(execFile);

export interface SlackApiBenchResult {
  wallSeconds: number;
  floorSeconds: number;
  ok: number;
  failed: number;
  /** 429s Slack (the emulator) answered. */
  slack429s: number;
  /** 429s the clients saw (from the service or from Slack). */
  client429s: number;
  createdTwice: number;
  errors: string[];
}

/**
 * Issue 15's benchmark: `processes` client processes, each creating `perProcess` channels as fast
 * as its WebClient allows, against one workspace at limits ×`scale`, either through the service's
 * /slack/api endpoint or straight at the Slack emulator (the do-it-yourself baseline).
 */
export const runSlackApiBench = (target: 'service' | 'direct', options: { scale: number; processes: number; perProcess: number }): Promise<SlackApiBenchResult> =>
  withDataDir(async (dataDir) => {
    const stack = await startStack({
      dataDir,
      env: { LOG_LEVEL: 'ERROR', SLACK_RATE_LIMITS: scaledRateLimits(options.scale), PACING_WINDOW_MS: String(60_000 / options.scale) },
      slackEmulator: { rateLimits: { scale: options.scale } },
    });
    try {
      const slack = stack.slack!;
      const url = target === 'service' ? `${stack.apiUrl}/slack/api/` : slack.url;
      const token = target === 'service' ? String(stack.env.API_KEYS).split(',')[0] : slack.token;
      const started = Date.now();
      const outputs = await Promise.all(
        Array.from({ length: options.processes }, (_, p) =>
          run(process.execPath, ['--import', 'tsx', 'bench/slackApiClient.ts', url, token, `${target}-p${p}`, String(options.perProcess)], { maxBuffer: 1 << 20 }),
        ),
      );
      const wallSeconds = (Date.now() - started) / 1000;
      const results = outputs.map(({ stdout }) => JSON.parse(stdout.trim().split('\n').at(-1)!) as { ok: number; failed: number; rateLimited: number; errors: string[] });
      const stats = slack.stats();
      const total = options.processes * options.perProcess;
      return {
        wallSeconds,
        floorSeconds: (total * 60) / (rateFor('conversations.create') * options.scale),
        ok: results.reduce((sum, r) => sum + r.ok, 0),
        failed: results.reduce((sum, r) => sum + r.failed, 0),
        slack429s: stats.rateLimited,
        client429s: results.reduce((sum, r) => sum + r.rateLimited, 0),
        createdTwice: Object.values(stats.created).filter((n) => n > 1).length,
        errors: [...new Set(results.flatMap((r) => r.errors))],
      };
    } finally {
      await stack.stop();
    }
  });
