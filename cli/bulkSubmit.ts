import { ApiError, CliError, ConnectionError, EXIT_FAILED, type ErrorDetail } from './errors';
import type { ApiClient } from './http';
import { lineKey } from './idempotency';
import type { BulkJob, JobLine } from './input/jobLines';
import { ENDED_STATUSES, type JobStatus, type SubmittedBatch } from './views';

/** POST /v1/jobs/batch takes at most this many jobs. */
export const BATCH_SIZE = 1000;
/** …and a body of at most 1 MiB: a batch is sent early before its JSON passes this. */
export const BATCH_MAX_BYTES = 900 * 1024;
/** A batch the API could not take for now (5xx, network) is sent again after these pauses; its keys make that safe. */
const RETRY_DELAYS_MS = [1_000, 3_000, 10_000];
const isTransient = (error: unknown) => (error instanceof ApiError && error.status >= 500) || error instanceof ConnectionError;

/** A line whose job the API already had (its idempotency key named it), with the status it had then. */
export interface DuplicateLine {
  line: number;
  job_id: string;
  status: JobStatus;
}

export interface SubmitSummary {
  /** Lines sent. */
  total: number;
  /** Jobs queued by this run. */
  queued: number;
  /** Lines the API already had from an earlier run of the same file. */
  duplicates: DuplicateLine[];
  /** Batches holding this run's new jobs. */
  batchIds: string[];
}

export interface BatchOptions {
  callback_url?: string;
  batch_callback_url?: string;
}

/** An error's `jobs[i]…` paths as the file's line numbers. */
const onLines = (details: readonly ErrorDetail[], lines: readonly number[]): ErrorDetail[] =>
  details.map(({ path, message }) => {
    const match = /^jobs\[(\d+)\]\.?(.*)$/.exec(path);
    if (!match || lines[Number(match[1])] === undefined) return { path, message };
    return { path: `line ${lines[Number(match[1])]}`, message: match[2] === '' ? message : `${match[2]}: ${message}` };
  });

/**
 * Sends checked lines in batches of 1,000 (and of one workspace: the API's rule), each with its line's idempotency key, and counts what
 * was new and what the API already had. A refused batch ends the run with the refusal mapped to
 * line numbers; batches sent before it stay queued, and running the same file again sends the rest.
 */
export const submitLines = async (
  client: ApiClient,
  lines: AsyncIterable<JobLine>,
  hash: string,
  options: BatchOptions,
  onBatch: (summary: SubmitSummary) => void = () => undefined,
): Promise<SubmitSummary> => {
  const summary: SubmitSummary = { total: 0, queued: 0, duplicates: [], batchIds: [] };
  let chunk: { line: number; job: BulkJob; bytes: number }[] = [];
  let chunkBytes = 0;
  const post = async (body: unknown): Promise<SubmittedBatch> => {
    for (let attempt = 0; ; attempt += 1) {
      try {
        return await client.post<SubmittedBatch>('/v1/jobs/batch', body);
      } catch (error) {
        if (!isTransient(error) || attempt >= RETRY_DELAYS_MS.length) throw error;
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
      }
    }
  };
  const send = async () => {
    if (chunk.length === 0) return;
    const body = { jobs: chunk.map(({ job }) => job), ...options };
    let answer: SubmittedBatch;
    try {
      answer = await post(body);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const sent = summary.total;
      const first = chunk[0].line;
      const last = chunk[chunk.length - 1].line;
      // Part of a batch may have been queued before a 503: its keys find those jobs on the next run.
      const these = error.status >= 500 ? 'some of these may have been queued' : 'none of these was queued';
      const message = `${error.message} (lines ${first}–${last}; ${these})${sent > 0 ? `; the ${sent} lines before were sent` : ''}: fix what is named and run the same command again (an edited line gets a new key; the others are not queued twice)`;
      throw new CliError(error.code, message, sent > 0 ? EXIT_FAILED : error.exitCode, onLines(error.details, chunk.map((item) => item.line)), { cause: error });
    }
    let fresh = 0;
    answer.jobs.forEach((job, index) => {
      if (job.duplicate) summary.duplicates.push({ line: chunk[index].line, job_id: job.job_id, status: job.status });
      else fresh += 1;
    });
    summary.total += chunk.length;
    summary.queued += fresh;
    if (fresh > 0) summary.batchIds.push(answer.batch_id);
    chunk = [];
    chunkBytes = 0;
    onBatch(summary);
  };
  for await (const item of lines) {
    if (!item.ok) throw new Error(`line ${item.line} was not checked before sending`);
    const job = { ...item.job, idempotency_key: lineKey(hash, item.job, item.line) };
    const bytes = Buffer.byteLength(JSON.stringify(job)) + 1;
    // One workspace per batch (a line of another starts a new one), and a body the API takes.
    if (chunk.length > 0 && (chunk[0].job.workspace !== item.job.workspace || chunkBytes + bytes > BATCH_MAX_BYTES)) await send();
    chunk.push({ line: item.line, job, bytes });
    chunkBytes += bytes;
    if (chunk.length === BATCH_SIZE) await send();
  }
  await send();
  return summary;
};

export const isEnded = (status: string): boolean => ENDED_STATUSES.includes(status);
