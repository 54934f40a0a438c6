import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { checkLines } from '../bulkCheck';
import { failedJobsOf, type FailedLine, failedLineOf, writeFailures } from '../bulkFailures';
import { type DuplicateLine, isEnded, submitLines, type SubmitSummary } from '../bulkSubmit';
import type { ActionFactory, Context } from '../context';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { followBatches, sumBatches, type Totals, waitForJob } from '../follow';
import { segment } from '../http';
import { lineOfKey, runHash } from '../idempotency';
import { type BulkDefaults, formatOf, readJobFile } from '../input/jobLines';
import { parseWorkspace } from '../options';
import { createProgress } from '../progress';
import type { BatchJobsPage, BatchView, JobView } from '../views';

interface BulkOptions {
  method?: string;
  workspace?: string;
  callbackUrl?: string;
  batchCallbackUrl?: string;
  failures?: string;
  wait: boolean;
}

/** How the run ended: this run's batches and the earlier jobs the file's keys named. */
interface Outcome {
  succeeded: number;
  failed: number;
  cancelled: number;
  failures: FailedLine[];
}

/**
 * The earlier batches holding lines that were still unended when this run sent them again (a run
 * interrupted and started again): one job of each is asked for its batch, and that batch's listing
 * names the lines it covers, so they are followed as batches, not job by job.
 */
const earlierBatches = async (context: Context, duplicates: readonly DuplicateLine[]): Promise<{ batchIds: string[]; covered: Set<number> }> => {
  const client = context.client();
  const batchIds: string[] = [];
  const covered = new Set<number>();
  for (const duplicate of duplicates) {
    if (isEnded(duplicate.status) || covered.has(duplicate.line)) continue;
    const job = await client.get<JobView>(`/v1/jobs/${segment(duplicate.job_id)}`);
    if (job.batch_id === undefined || batchIds.includes(job.batch_id)) continue;
    batchIds.push(job.batch_id);
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '1000', ...(cursor !== undefined && { cursor }) });
      const page = await client.get<BatchJobsPage>(`/v1/batches/${segment(job.batch_id)}/jobs?${query}`);
      for (const member of page.jobs) {
        const line = lineOfKey(member.idempotency_key);
        if (line !== undefined) covered.add(line);
      }
      cursor = page.next_cursor;
    } while (cursor !== undefined);
  }
  return { batchIds, covered };
};

/** The lines whose jobs the API already had and no followed batch covers: their final state. */
const settleDuplicates = async (context: Context, duplicates: readonly DuplicateLine[]): Promise<Outcome> => {
  const outcome: Outcome = { succeeded: 0, failed: 0, cancelled: 0, failures: [] };
  const client = context.client();
  for (const duplicate of duplicates) {
    let status = duplicate.status;
    let job: JobView | undefined;
    if (!isEnded(status)) {
      job = await waitForJob(client, duplicate.job_id, context.pollMs);
      status = job.status;
    }
    if (status === 'succeeded') outcome.succeeded += 1;
    if (status === 'cancelled') outcome.cancelled += 1;
    if (status === 'failed') {
      outcome.failed += 1;
      job ??= await client.get<JobView>(`/v1/jobs/${segment(duplicate.job_id)}`);
      outcome.failures.push(failedLineOf(duplicate.line, job));
    }
  }
  return outcome;
};

const followRun = async (context: Context, file: string, batchIds: readonly string[]): Promise<BatchView[]> => {
  if (batchIds.length === 0) return [];
  const progress = createProgress(context.output, basename(file), { file });
  try {
    return await followBatches(context.client(), batchIds, context.pollMs, progress.update);
  } finally {
    progress.stop();
  }
};

const printSubmitted = (context: Context, file: string, summary: SubmitSummary): void => {
  const { output } = context;
  const duplicates = summary.duplicates.length;
  if (output.json) {
    output.document({ event: 'submitted', file, total: summary.total, new: summary.queued, already_submitted: duplicates, batch_ids: summary.batchIds });
    return;
  }
  output.line(`${file}: ${summary.total} jobs sent, ${summary.queued} new, ${duplicates} already submitted${summary.batchIds.length > 0 ? ` (batch ${summary.batchIds.join(', ')})` : ''}`);
};

const printDone = (context: Context, file: string, summary: SubmitSummary, totals: Totals, outcome: Outcome, failuresFile: string | undefined): void => {
  const { output } = context;
  const result = {
    succeeded: totals.succeeded + outcome.succeeded,
    failed: totals.failed + outcome.failed,
    cancelled: totals.cancelled + outcome.cancelled,
  };
  if (output.json) {
    output.document({ event: 'done', file, total: summary.total, new: summary.queued, already_submitted: summary.duplicates.length, ...result, ...(failuresFile !== undefined && { failures_file: failuresFile }) });
    return;
  }
  output.line(
    `${file}: ${output.style('green', `${result.succeeded} succeeded`)}, ${result.failed > 0 ? output.style('red', `${result.failed} failed`) : '0 failed'}` +
      `${result.cancelled > 0 ? `, ${result.cancelled} cancelled` : ''} of ${summary.total}`,
  );
  if (failuresFile !== undefined) output.line(`failed lines written to ${failuresFile}`);
};

/**
 * `scq bulk <file>`: checks every line, then submits the file in batches of 1,000 with a key per
 * line, follows the batches to their end with a progress bar, and writes the failed lines.
 */
export const registerBulk = (program: Command, action: ActionFactory): void => {
  program
    .command('bulk')
    .description('submit every line of a .jsonl or .csv file as a job, follow them to the end, write the failures')
    .argument('<file>', 'a .jsonl file ({"method", "args"} or the arguments per line) or a .csv file (a header naming the arguments)')
    .option('--method <method>', 'the method of lines that name none')
    .option('--workspace <team_id>', 'the workspace (T… or E…) of lines that name none', parseWorkspace)
    .option('--callback-url <url>', 'the callback URL of jobs that name none')
    .option('--batch-callback-url <url>', 'one callback per batch when it completes')
    .option('--failures <file>', 'where failed lines go (default <file>.failures.jsonl)')
    .option('--no-wait', 'submit and exit without following the batches')
    .action(
      action(async (context, file: string, options: BulkOptions) => {
        formatOf(file);
        try {
          await access(file);
        } catch (error) {
          throw new UsageError(`cannot read ${file}`, { cause: error });
        }
        const defaults: BulkDefaults = { method: options.method, workspace: options.workspace };
        const hash = runHash({ method: options.method, workspace: options.workspace, callback_url: options.callbackUrl });
        await checkLines(file, readJobFile(file, defaults));
        const summary = await submitLines(context.client(), readJobFile(file, defaults), hash, {
          ...(options.callbackUrl !== undefined && { callback_url: options.callbackUrl }),
          ...(options.batchCallbackUrl !== undefined && { batch_callback_url: options.batchCallbackUrl }),
        });
        printSubmitted(context, file, summary);
        if (!options.wait) return EXIT_OK;

        const earlier = await earlierBatches(context, summary.duplicates);
        const batches = await followRun(context, file, [...summary.batchIds, ...earlier.batchIds]);
        const totals = sumBatches(batches);
        const outcome = await settleDuplicates(context, summary.duplicates.filter((duplicate) => !earlier.covered.has(duplicate.line)));
        const failures = [...(await failedJobsOf(context.client(), batches.filter((b) => b.counts.failed > 0).map((b) => b.batch_id))), ...outcome.failures];
        const failuresFile = failures.length > 0 ? (options.failures ?? `${file}.failures.jsonl`) : undefined;
        if (failuresFile !== undefined) await writeFailures(failuresFile, failures);
        printDone(context, file, summary, totals, outcome, failuresFile);
        return totals.failed + outcome.failed > 0 ? EXIT_FAILED : EXIT_OK;
      }),
    );
};
