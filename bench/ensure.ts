import { startCallbackInbox } from '../local/callbackInbox';
import { scaledRateLimits } from '../local/rateScale';
import { DEFAULT_SEED } from '../local/slack-emulator/state';
import { startStack } from '../local/stack';
import { withDataDir } from './dataDir';

export interface EnsureCase {
  label: string;
  calls: Record<string, number>;
  wallSeconds: number;
}

export const WORKSPACE_CHANNELS = 10_000;

/**
 * What an ensure costs in a workspace of 10,000 channels: Slack calls by method and wall time
 * (limits scaled ×`scale`), for a new channel, the same ensure again, adopting an existing channel
 * the service has not seen, and a dry run of one.
 */
export const runEnsureCosts = (scale: number): Promise<EnsureCase[]> =>
  withDataDir(async (dataDir) => {
    const stack = await startStack({
      dataDir,
      env: { LOG_LEVEL: 'ERROR', SLACK_RATE_LIMITS: scaledRateLimits(scale), PACING_WINDOW_MS: String(60_000 / scale) },
      slackEmulator: { rateLimits: { scale }, seed: { ...DEFAULT_SEED, extraChannels: WORKSPACE_CHANNELS } },
    });
    const inbox = await startCallbackInbox({ secrets: String(stack.env.CALLBACK_SIGNING_SECRET).split(',') });
    const key = String(stack.env.API_KEYS).split(',')[0];
    const members = Array.from({ length: 10 }, (_, i) => `U9${String(i + 1).padStart(9, '0')}`);
    const ensure = async (label: string, body: Record<string, unknown>): Promise<EnsureCase> => {
      const before = stack.slack!.stats().calls;
      const started = Date.now();
      const response = await fetch(`${stack.apiUrl}/v1/channels/ensure`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, callback_url: inbox.url }),
      });
      const { job_id: jobId } = (await response.json()) as { job_id: string };
      await inbox.waitFor(() => inbox.acknowledged().has(jobId), 120_000);
      const after = stack.slack!.stats().calls;
      const calls = Object.fromEntries(Object.entries(after).map(([method, n]) => [method, n - (before[method] ?? 0)]).filter(([, n]) => n !== 0));
      return { label, calls, wallSeconds: (Date.now() - started) / 1000 };
    };
    try {
      const desired = { name: 'bench-new-channel', is_private: true, topic: 'Renewals', purpose: 'Account team', members };
      return [
        await ensure('new channel (topic, purpose, 10 members)', desired),
        await ensure('the same ensure again', desired),
        await ensure('dry run, existing channel not seen before', { name: 'project-9990', purpose: 'x', dry_run: true }),
        await ensure('existing channel not seen before (adopt, set purpose)', { name: 'project-9999', purpose: 'Adopted' }),
        await ensure('that channel again', { name: 'project-9999', purpose: 'Adopted' }),
      ];
    } finally {
      await inbox.close();
      await stack.stop();
    }
  });
