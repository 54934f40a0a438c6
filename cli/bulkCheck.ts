import { type ErrorDetail, InputFileError, UsageError } from './errors';
import type { JobLine } from './input/jobLines';

/** Bad lines named one by one; the rest are counted. */
export const MAX_REPORTED_LINES = 100;

/**
 * Reads every line of a bulk file and checks it; any bad line fails the whole file with each bad
 * line's number and problems (the first 100 lines named), before anything is sent.
 */
export const checkLines = async (file: string, lines: AsyncIterable<JobLine>): Promise<{ jobs: number }> => {
  const details: ErrorDetail[] = [];
  let jobs = 0;
  let bad = 0;
  for await (const item of lines) {
    if (item.ok) {
      jobs += 1;
      continue;
    }
    bad += 1;
    if (bad <= MAX_REPORTED_LINES) for (const problem of item.problems) details.push({ path: `line ${item.line}`, message: problem });
  }
  if (bad > MAX_REPORTED_LINES) details.push({ path: '', message: `${bad - MAX_REPORTED_LINES} more bad lines not listed` });
  if (bad > 0) throw new InputFileError(`${file}: ${bad} bad line${bad === 1 ? '' : 's'} of ${jobs + bad}; nothing was sent`, details);
  if (jobs === 0) throw new UsageError(`${file} holds no jobs`);
  return { jobs };
};
