import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { type ApiClient, segment } from './http';
import { lineOfKey } from './idempotency';
import type { BatchJobsPage, JobView } from './views';

/** One failed line of a bulk file, as written to the failures file (one JSON object a line). */
export interface FailedLine {
  line?: number;
  job_id: string;
  code?: string;
  message?: string;
}

/** The failed jobs of batches (GET /v1/batches/{id}/jobs?status=failed, every page), by line. */
export const failedJobsOf = async (client: ApiClient, batchIds: readonly string[]): Promise<FailedLine[]> => {
  const failed: FailedLine[] = [];
  for (const batchId of batchIds) {
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ status: 'failed', limit: '1000', ...(cursor !== undefined && { cursor }) });
      const page = await client.get<BatchJobsPage>(`/v1/batches/${segment(batchId)}/jobs?${query}`);
      for (const job of page.jobs) failed.push({ line: lineOfKey(job.idempotency_key), job_id: job.job_id, code: job.error?.code, message: job.error?.message });
      cursor = page.next_cursor;
    } while (cursor !== undefined);
  }
  return failed;
};

export const failedLineOf = (line: number, job: JobView): FailedLine => ({ line, job_id: job.job_id, code: job.error?.code, message: job.error?.message });

/** Writes the failures, ordered by line, one JSON object a line. */
export const writeFailures = async (path: string, failures: readonly FailedLine[]): Promise<void> => {
  const out = createWriteStream(path);
  const sorted = [...failures].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  for (const failure of sorted) {
    if (!out.write(`${JSON.stringify(failure)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
};
