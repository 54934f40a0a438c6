import type { Command } from 'commander';
import type { ActionFactory } from '../context';
import { EXIT_OK } from '../errors';
import { printJob } from '../format';
import { segment } from '../http';
import type { JobView } from '../views';

/** `scq job <id>`: GET /v1/jobs/{id}. */
export const registerJob = (program: Command, action: ActionFactory): void => {
  program
    .command('job')
    .description('show a job: status, attempts, result or error, callback (GET /v1/jobs/{id})')
    .argument('<job_id>')
    .action(
      action(async (context, jobId: string) => {
        printJob(context.output, await context.client().get<JobView>(`/v1/jobs/${segment(jobId)}`));
        return EXIT_OK;
      }),
    );
};
