import { afterJobEnded, completeBatchIfDone, type JobEndedDeps } from '../jobs/jobEnded';
import type { BatchTarget, SubmittedJob } from '../jobs/submit';
import type { JobRequest } from '../jobs/types';
import type { SweepRecord } from '../ledger/sweepStore';
import type { SlackOutcome } from '../slack/outcome';
import { nextCursorOf } from '../slack/paginate';
import type { SlackCall } from '../slack/slackClient';
import { type SweepAction, type SweepSelect, selects } from './sweepArgs';

/** A page of conversations.list: Slack recommends at most 200. */
const LIST_PAGE = 200;
/** A dry run lists at most this many matches. */
export const DRY_RUN_MATCHES_MAX = 1000;

export interface SweepContext extends JobEndedDeps {
  /** Slack, paced: a wait too long to sleep ends this pass, and the job comes back to go on. */
  call: SlackCall;
  /** Records and queues the jobs of one page into the sweep's batch. */
  accept: (requests: JobRequest[], batch: BatchTarget) => Promise<SubmittedJob[]>;
}

const summary = (sweep: SweepRecord, extra: Partial<SweepRecord> = {}) => {
  const s = { ...sweep, ...extra };
  return { ok: true, sweep_id: s.sweep_id, batch_id: s.batch_id, scanned: s.scanned, matched: s.matched, dry_run: s.dry_run, cancelled: s.cancelled, ...(s.dry_run && { matches: s.matches ?? [] }) };
};

/**
 * Lists the workspace's conversations page by page and queues one job per match into the sweep's
 * batch. The cursor is recorded after each page's jobs are queued, so a restart goes on from the
 * last page; a page listed twice (a crash between the two) queues nothing twice, since each job's
 * idempotency key is the sweep and the channel. A cancelled batch stops the listing.
 */
export const runSweep = async (sweepId: string, ctx: SweepContext): Promise<SlackOutcome> => {
  for (;;) {
    const sweep = await ctx.ledger.sweeps.get(sweepId);
    if (!sweep) return { kind: 'permanent', code: 'sweep_not_found', message: `No sweep ${sweepId}` };
    if (sweep.listed || sweep.cancelled) {
      // Sealing is safe to repeat: a run that died between recording its last page and sealing is finished here.
      await completeBatchIfDone(await ctx.ledger.batches.seal(sweep.batch_id), ctx);
      return { kind: 'succeeded', response: summary(sweep) };
    }
    const batch = await ctx.ledger.batches.get(sweep.batch_id);
    if (!batch || batch.cancel_requested) {
      await ctx.ledger.sweeps.recordPage(sweepId, sweep.cursor, { cursor: sweep.cursor, listed: false, scanned: sweep.scanned, matched: sweep.matched, cancelled: true });
      await completeBatchIfDone(await ctx.ledger.batches.seal(sweep.batch_id), ctx);
      return { kind: 'succeeded', response: summary(sweep, { cancelled: true }) };
    }
    const select = sweep.select as SweepSelect;
    const page = await ctx.call('conversations.list', {
      types: select.types ?? 'public_channel,private_channel',
      exclude_archived: select.exclude_archived ?? false,
      limit: LIST_PAGE,
      ...(sweep.cursor && { cursor: sweep.cursor }),
    });
    if (page.kind !== 'succeeded') return page;
    const channels = (page.response.channels ?? []) as Record<string, unknown>[];
    const matches = channels.filter((channel) => selects(select, channel));
    if (!sweep.dry_run && matches.length > 0) {
      const queued = await ctx.accept(
        matches.map((channel) => ({
          method: sweep.action as SweepAction,
          args: { ...sweep.args, channel: String(channel.id) },
          ...(sweep.callback_url !== undefined && { callback_url: sweep.callback_url }),
          idempotency_key: `sweep:${sweepId}:${String(channel.id)}`,
        })),
        { batch_id: sweep.batch_id, existing: true, indexOffset: sweep.matched, growToken: `page:${sweep.cursor}` },
      );
      // A cancel that came while this page was listed found none of these jobs: they are cancelled here.
      if ((await ctx.ledger.batches.get(sweep.batch_id))?.cancel_requested) {
        for (const job of queued.filter((j) => !j.duplicate)) {
          const outcome = await ctx.ledger.jobs.cancel(job.job_id);
          if (outcome.kind === 'cancelled') await afterJobEnded(outcome.record, 'cancelled', ctx);
        }
      }
    }
    const next = nextCursorOf(page.response);
    await ctx.ledger.sweeps.recordPage(sweepId, sweep.cursor, {
      cursor: next,
      listed: next === '',
      scanned: sweep.scanned + channels.length,
      matched: sweep.matched + matches.length,
      ...(sweep.dry_run && { matches: [...(sweep.matches ?? []), ...matches.map((c) => ({ id: String(c.id), name: String(c.name) }))].slice(0, DRY_RUN_MATCHES_MAX) }),
    });
    if (next === '') await completeBatchIfDone(await ctx.ledger.batches.seal(sweep.batch_id), ctx);
  }
};
