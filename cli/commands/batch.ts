import type { Command } from 'commander';
import type { ActionFactory } from '../context';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { followBatches } from '../follow';
import { printBatch } from '../format';
import { segment } from '../http';
import { createProgress } from '../progress';
import type { BatchView } from '../views';

/** `scq batch <id> [--watch]`: GET /v1/batches/{id}, or a bar until it is done. */
export const registerBatch = (program: Command, action: ActionFactory): void => {
  program
    .command('batch')
    .description('show a batch\'s counts and ETA (GET /v1/batches/{id}); --watch follows it to the end')
    .argument('<batch_id>')
    .option('--watch', 'show progress until every job has ended; exit 1 when any failed')
    .action(
      action(async (context, batchId: string, options: { watch?: boolean }) => {
        const client = context.client();
        if (!options.watch) {
          printBatch(context.output, await client.get<BatchView>(`/v1/batches/${segment(batchId)}`));
          return EXIT_OK;
        }
        const progress = createProgress(context.output, 'batch', { batch_id: batchId });
        let views: BatchView[];
        try {
          views = await followBatches(client, [batchId], context.pollMs, progress.update);
        } finally {
          progress.stop();
        }
        const [batch] = views;
        if (context.output.json) context.output.document({ event: 'done', ...batch });
        else printBatch(context.output, batch);
        return batch.counts.failed > 0 ? EXIT_FAILED : EXIT_OK;
      }),
    );
};
