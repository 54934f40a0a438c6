import type { Command } from 'commander';
import { argShapeOf, parseKeyValues } from '../argValues';
import type { ActionFactory, Context } from '../context';
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors';
import { followBatches } from '../follow';
import { printBatch, printSweep } from '../format';
import { segment } from '../http';
import { collectList, parseCount, parseWorkspace } from '../options';
import { createProgress } from '../progress';
import type { BatchView, SweepView } from '../views';

interface SweepOptions {
  action: string;
  prefix?: string;
  pattern?: string;
  all?: boolean;
  types?: string[];
  excludeArchived?: boolean;
  createdBefore?: string;
  maxMembers?: number;
  member?: boolean;
  dryRun?: boolean;
  wait?: boolean;
  workspace?: string;
  callbackUrl?: string;
  batchCallbackUrl?: string;
}

/** `archive` is `conversations.archive`; a full method name stays as it is. */
export const sweepAction = (action: string): string => (action.includes('.') ? action : `conversations.${action}`);

/** The body of POST /v1/sweeps for these options and the action's `key=value` arguments. */
export const sweepBody = (options: SweepOptions, words: readonly string[]): Record<string, unknown> => {
  if (options.prefix === undefined && options.pattern === undefined && !options.all) {
    throw new UsageError('say which conversations: --prefix, --pattern, or --all for every one the other filters select');
  }
  const action = sweepAction(options.action);
  const args = parseKeyValues(words, argShapeOf(action));
  const select = {
    ...(options.prefix !== undefined && { name_prefix: options.prefix }),
    ...(options.pattern !== undefined && { name_pattern: options.pattern }),
    ...(options.types !== undefined && { types: options.types }),
    ...(options.excludeArchived && { exclude_archived: true }),
    ...(options.createdBefore !== undefined && { created_before: options.createdBefore }),
    ...(options.maxMembers !== undefined && { max_members: options.maxMembers }),
    ...(options.member !== undefined && { is_member: options.member }),
  };
  return {
    action,
    select,
    ...(Object.keys(args).length > 0 && { args }),
    ...(options.dryRun && { dry_run: true }),
    ...(options.workspace !== undefined && { workspace: options.workspace }),
    ...(options.callbackUrl !== undefined && { callback_url: options.callbackUrl }),
    ...(options.batchCallbackUrl !== undefined && { batch_callback_url: options.batchCallbackUrl }),
  };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** GET /v1/sweeps/{id} until its listing has ended. */
const waitForSweep = async (context: Context, sweepId: string): Promise<SweepView> => {
  for (;;) {
    const sweep = await context.client().get<SweepView>(`/v1/sweeps/${segment(sweepId)}`);
    if (sweep.status === 'done' || sweep.status === 'cancelled') return sweep;
    await sleep(context.pollMs);
  }
};

/** `scq sweep --prefix P --action archive …`: POST /v1/sweeps; --dry-run prints the plan as a table. */
export const registerSweep = (program: Command, action: ActionFactory): void => {
  program
    .command('sweep')
    .description('do one action to every conversation a selection matches (POST /v1/sweeps)')
    .argument('[args...]', "the action's other arguments as key=value, e.g. users=U1,U2 or topic=Archived")
    .requiredOption('--action <action>', 'archive, unarchive, invite, kick, leave, join, setTopic or setPurpose')
    .option('--prefix <prefix>', 'names starting with this')
    .option('--pattern <regex>', 'names matching this regular expression')
    .option('--all', 'no name filter: every conversation the other filters select')
    .option('--types <types>', 'public_channel,private_channel,… (default public and private channels)', collectList)
    .option('--exclude-archived', 'leave archived conversations out')
    .option('--created-before <iso>', 'created before this ISO 8601 date-time')
    .option('--max-members <n>', 'at most this many members', parseCount(0))
    .option('--member', 'only conversations the bot is a member of')
    .option('--no-member', 'only conversations the bot is not a member of')
    .option('--dry-run', 'list what would be touched, change nothing (waits and prints a table)')
    .option('--wait', 'follow the sweep\'s batch to its end with a progress bar; exit 1 when any job failed')
    .option('--workspace <team_id>', 'the workspace (T… or E…)', parseWorkspace)
    .option('--callback-url <url>', 'a callback per job')
    .option('--batch-callback-url <url>', 'one callback when every job has ended')
    .action(
      action(async (context, words: string[], options: SweepOptions) => {
        const client = context.client();
        const started = await client.post<{ sweep_id: string; batch_id: string; status: string }>('/v1/sweeps', sweepBody(options, words));
        if (options.dryRun) {
          printSweep(context.output, await waitForSweep(context, started.sweep_id));
          return EXIT_OK;
        }
        if (!options.wait) {
          if (context.output.json) context.output.document(started);
          else context.output.line(`sweep ${started.sweep_id} ${started.status}; follow it with: scq batch ${started.batch_id} --watch`);
          return EXIT_OK;
        }
        const progress = createProgress(context.output, 'sweep', { sweep_id: started.sweep_id, batch_id: started.batch_id });
        let batch: BatchView;
        try {
          [batch] = await followBatches(client, [started.batch_id], context.pollMs, progress.update);
        } finally {
          progress.stop();
        }
        if (context.output.json) context.output.document({ event: 'done', sweep_id: started.sweep_id, ...batch });
        else printBatch(context.output, batch);
        return batch.counts.failed > 0 ? EXIT_FAILED : EXIT_OK;
      }),
    );
};
