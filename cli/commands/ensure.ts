import type { Command } from 'commander';
import type { ActionFactory, Context } from '../context';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { waitForJob } from '../follow';
import { printJob } from '../format';
import { collectList, parseWorkspace } from '../options';
import type { JobView } from '../views';

interface EnsureOptions {
  name: string;
  private?: boolean;
  topic?: string;
  purpose?: string;
  members?: string[];
  removeOtherMembers?: boolean;
  archived?: boolean;
  adoptExisting: boolean;
  dryRun?: boolean;
  wait?: boolean;
  workspace?: string;
  callbackUrl?: string;
  idempotencyKey?: string;
}

/** The body of POST /v1/channels/ensure for these options. */
export const ensureBody = (options: EnsureOptions): Record<string, unknown> => ({
  name: options.name,
  ...(options.private && { is_private: true }),
  ...(options.topic !== undefined && { topic: options.topic }),
  ...(options.purpose !== undefined && { purpose: options.purpose }),
  ...(options.members !== undefined && { members: options.members }),
  ...(options.removeOtherMembers && { remove_other_members: true }),
  ...(options.archived && { archived: true }),
  ...(!options.adoptExisting && { adopt_existing: false }),
  ...(options.dryRun && { dry_run: true }),
  ...(options.workspace !== undefined && { workspace: options.workspace }),
  ...(options.callbackUrl !== undefined && { callback_url: options.callbackUrl }),
  ...(options.idempotencyKey !== undefined && { idempotency_key: options.idempotencyKey }),
});

interface EnsureResult {
  channel?: { id?: string; name?: string };
  created?: boolean;
  dry_run?: boolean;
  changes?: Record<string, unknown>[];
}

/** An ended ensure: the job, then its changes as a table (what a dry run would do). */
const printEnsure = (context: Context, job: JobView): void => {
  const { output } = context;
  if (output.json) {
    output.document(job);
    return;
  }
  const result = (job.result ?? {}) as EnsureResult;
  output.fields([
    ['job', job.job_id],
    ['status', output.status(job.status)],
    ['channel', result.channel ? `${result.channel.id ?? '(not created)'} #${result.channel.name ?? ''}` : undefined],
    ['created', result.created === undefined || result.dry_run ? undefined : String(result.created)],
    ['dry run', result.dry_run ? 'yes: nothing was changed' : undefined],
    ['error', job.error ? `${output.style('red', String(job.error.code))}: ${job.error.message ?? ''}` : undefined],
  ]);
  const changes = result.changes ?? [];
  output.line();
  if (changes.length === 0) {
    output.line(job.status === 'succeeded' ? 'No changes: the channel already looks as described.' : 'No changes were made.');
    return;
  }
  output.table(
    [result.dry_run ? 'WOULD' : 'DID', 'DETAIL'],
    changes.map(({ action, ...rest }) => [String(action), Object.entries(rest).map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' ')]),
  );
};

/** `scq ensure --name …`: POST /v1/channels/ensure; --wait (and --dry-run) follow it to its end. */
export const registerEnsure = (program: Command, action: ActionFactory): void => {
  program
    .command('ensure')
    .description('make a channel look as described (POST /v1/channels/ensure); --dry-run prints the plan')
    .requiredOption('--name <name>', 'the channel name (lowercase letters, digits, - and _)')
    .option('--private', 'a private channel (default public)')
    .option('--topic <topic>', 'the topic')
    .option('--purpose <purpose>', 'the purpose')
    .option('--members <ids>', 'user IDs that must be members: U1,U2 (repeatable)', collectList)
    .option('--remove-other-members', 'remove members not in --members (never the bot)')
    .option('--archived', 'the channel is archived')
    .option('--no-adopt-existing', 'fail with name_taken instead of taking over an existing channel of that name')
    .option('--dry-run', 'report the plan, change nothing (waits for it)')
    .option('--wait', 'wait for the job to end and print its changes; exit 1 unless it succeeded')
    .option('--workspace <team_id>', 'the workspace (T… or E…)', parseWorkspace)
    .option('--callback-url <url>', 'where the signed callback goes')
    .option('--idempotency-key <key>', 'the same key never queues the ensure twice')
    .action(
      action(async (context, options: EnsureOptions) => {
        const client = context.client();
        const submitted = await client.post<JobView>('/v1/channels/ensure', ensureBody(options));
        if (!options.wait && !options.dryRun) {
          printJob(context.output, submitted);
          return EXIT_OK;
        }
        const job = await waitForJob(client, submitted.job_id, context.pollMs);
        printEnsure(context, job);
        return job.status === 'succeeded' ? EXIT_OK : EXIT_FAILED;
      }),
    );
};
