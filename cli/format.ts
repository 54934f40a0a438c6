import { formatSeconds } from './progress';
import type { Output } from './output';
import type { BatchView, JobView, SweepView } from './views';

const pretty = (value: unknown): string => JSON.stringify(value, null, 2);

/** A job: its fields, then its result or error; the API's document itself with --json. */
export const printJob = (output: Output, job: JobView): void => {
  if (output.json) {
    output.document(job);
    return;
  }
  output.fields([
    ['job', job.job_id],
    ['method', job.method],
    ['status', `${output.status(job.status)}${job.duplicate ? ' (already submitted with this idempotency key)' : ''}`],
    ['attempts', job.attempts === undefined ? undefined : String(job.attempts)],
    ['already done', job.already_done],
    ['batch', job.batch_id],
    ['key', job.idempotency_key],
    ['enqueued', job.enqueued_at],
    ['completed', job.completed_at],
    ['last error', job.last_error ? `${job.last_error.code}: ${job.last_error.message ?? ''}` : undefined],
    ['callback', job.callback ? `${job.callback.url} ${output.status(job.callback.status)}${job.callback.last_error ? ` (${job.callback.last_error})` : ''}` : undefined],
    ['error', job.error ? `${output.style('red', String(job.error.code))}: ${job.error.message ?? ''}` : undefined],
  ]);
  if (job.result !== undefined) {
    output.line(output.style('dim', 'result'));
    output.line(pretty(job.result));
  }
};

export const printBatch = (output: Output, batch: BatchView): void => {
  if (output.json) {
    output.document(batch);
    return;
  }
  const { counts } = batch;
  output.fields([
    ['batch', batch.batch_id],
    ['status', batch.done ? output.status('done') : output.status('running')],
    ['total', String(batch.total)],
    ['counts', `queued ${counts.queued}, running ${counts.running}, succeeded ${counts.succeeded}, failed ${counts.failed}, cancelled ${counts.cancelled}`],
    ['eta', batch.done ? undefined : formatSeconds(batch.eta_seconds)],
    ['created', batch.created_at],
    ['completed', batch.completed_at],
  ]);
};

export const printSweep = (output: Output, sweep: SweepView): void => {
  if (output.json) {
    output.document(sweep);
    return;
  }
  output.fields([
    ['sweep', sweep.sweep_id],
    ['status', output.status(sweep.status)],
    ['action', sweep.action],
    ['dry run', sweep.dry_run ? 'yes' : undefined],
    ['scanned', String(sweep.scanned)],
    ['matched', String(sweep.matched)],
    ['batch', sweep.batch_id],
  ]);
  if (sweep.matches !== undefined) {
    output.line();
    if (sweep.matches.length === 0) output.line('No conversation matches: nothing would change.');
    else output.table(['CHANNEL', 'NAME', 'WOULD'], sweep.matches.map((match) => [match.id, `#${match.name}`, sweep.action]));
    if (sweep.matched > sweep.matches.length) output.line(`… and ${sweep.matched - sweep.matches.length} more (a dry run lists the first ${sweep.matches.length})`);
  }
};
