import type { Command } from 'commander';
import type { ActionFactory } from '../context';
import { EXIT_OK } from '../errors';
import { segment } from '../http';

/** `scq redeliver <job_id>`: POST /v1/jobs/{id}/callback/redeliver. */
export const registerRedeliver = (program: Command, action: ActionFactory): void => {
  program
    .command('redeliver')
    .description("deliver an ended job's callback again, signed afresh (POST /v1/jobs/{id}/callback/redeliver)")
    .argument('<job_id>')
    .action(
      action(async (context, jobId: string) => {
        const answer = await context.client().post<{ job_id: string; callback: { url: string; status: string } }>(`/v1/jobs/${segment(jobId)}/callback/redeliver`);
        if (context.output.json) context.output.document(answer);
        else context.output.line(`callback of job ${answer.job_id} to ${answer.callback.url}: ${context.output.status(answer.callback.status)}`);
        return EXIT_OK;
      }),
    );
};
