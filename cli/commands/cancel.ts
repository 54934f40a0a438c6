import type { Command } from 'commander';
import type { ActionFactory } from '../context';
import { ApiError, EXIT_OK } from '../errors';
import { printJob } from '../format';
import { segment } from '../http';
import type { JobView } from '../views';

/**
 * `scq cancel <job_id|batch_id>`: job and batch IDs look alike (UUIDs), so it tries the job first
 * and, when no job has that ID, the batch.
 */
export const registerCancel = (program: Command, action: ActionFactory): void => {
  program
    .command('cancel')
    .description('cancel a queued job, or every queued job of a batch (tries the ID as a job, then as a batch)')
    .argument('<id>', 'a job ID or a batch ID')
    .action(
      action(async (context, id: string) => {
        const client = context.client();
        try {
          printJob(context.output, await client.post<JobView>(`/v1/jobs/${segment(id)}/cancel`));
          return EXIT_OK;
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 'job_not_found')) throw error;
        }
        let answer: { batch_id: string; cancelled: number };
        try {
          answer = await client.post(`/v1/batches/${segment(id)}/cancel`);
        } catch (error) {
          if (error instanceof ApiError && error.code === 'batch_not_found') throw new ApiError(404, 'not_found', `No job or batch ${id}`, [], { cause: error });
          throw error;
        }
        if (context.output.json) context.output.document(answer);
        else context.output.line(`batch ${answer.batch_id}: ${answer.cancelled} queued job${answer.cancelled === 1 ? '' : 's'} cancelled`);
        return EXIT_OK;
      }),
    );
};
