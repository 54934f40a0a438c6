import type { Command } from 'commander';
import { argShapeOf, parseKeyValues } from '../argValues';
import type { ActionFactory } from '../context';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { waitForJob } from '../follow';
import { printJob } from '../format';
import { parseCount, parseWorkspace } from '../options';
import type { JobView } from '../views';

interface SubmitOptions {
  workspace?: string;
  callbackUrl?: string;
  idempotencyKey?: string;
  paginate?: boolean;
  maxItems?: number;
  wait?: boolean;
}

/** `scq submit <method> key=value …`: POST /v1/jobs, and with --wait the job's end. */
export const registerSubmit = (program: Command, action: ActionFactory): void => {
  program
    .command('submit')
    .description('queue one job (POST /v1/jobs); values are JSON when they parse as what the argument takes, else text')
    .argument('<method>', 'a conversations.* method, e.g. conversations.archive')
    .argument('[args...]', 'the method\'s arguments as key=value, e.g. channel=C0123456789 users=U1,U2')
    .option('--workspace <team_id>', 'the workspace (T… or E…) to run it in', parseWorkspace)
    .option('--callback-url <url>', 'where the signed callback goes')
    .option('--idempotency-key <key>', 'the same key never queues the job twice')
    .option('--paginate', 'follow next_cursor and return the whole list (list, members, history, …)')
    .option('--max-items <n>', 'with --paginate: at most this many items', parseCount(1))
    .option('--wait', 'wait for the job to end and print its result; exit 1 unless it succeeded')
    .action(
      action(async (context, method: string, words: string[], options: SubmitOptions) => {
        const body = {
          method,
          args: parseKeyValues(words, argShapeOf(method)),
          ...(options.workspace !== undefined && { workspace: options.workspace }),
          ...(options.callbackUrl !== undefined && { callback_url: options.callbackUrl }),
          ...(options.idempotencyKey !== undefined && { idempotency_key: options.idempotencyKey }),
          ...(options.paginate && { paginate: true }),
          ...(options.maxItems !== undefined && { max_items: options.maxItems }),
        };
        const client = context.client();
        const submitted = await client.post<JobView>('/v1/jobs', body);
        if (!options.wait) {
          printJob(context.output, submitted);
          return EXIT_OK;
        }
        if (!context.output.json) context.output.note(`job ${submitted.job_id} ${submitted.status}${submitted.duplicate ? ' (duplicate)' : ''}; waiting for it to end…`);
        const job = await waitForJob(client, submitted.job_id, context.pollMs);
        printJob(context.output, job);
        return job.status === 'succeeded' ? EXIT_OK : EXIT_FAILED;
      }),
    );
};
