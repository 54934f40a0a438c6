import { isEnded, type JobRecord } from '../ledger/records';
import type { Ledger } from '../ledger/ledger';

/** First poll soon (a paced call with a free slot ends in tens of ms), then less often. */
export const POLL_FIRST_MS = 20;
export const POLL_MAX_MS = 250;

export interface WaitOptions {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The delays between polls: doubling from POLL_FIRST_MS up to POLL_MAX_MS. */
export const pollDelay = (poll: number): number => Math.min(POLL_MAX_MS, POLL_FIRST_MS * 2 ** poll);

/**
 * Polls the ledger until the job has ended (returned with its result) or `waitMs` has passed
 * (returned as last seen, or undefined when the ledger does not know it). Status reads skip the
 * result; only the final read fetches it.
 */
export const waitForJob = async (ledger: Pick<Ledger, 'jobs'>, jobId: string, waitMs: number, options: WaitOptions = {}): Promise<JobRecord | undefined> => {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + waitMs;
  for (let poll = 0; ; poll += 1) {
    const record = await ledger.jobs.get(jobId, { withResult: false });
    if (record && isEnded(record.status)) return ledger.jobs.get(jobId);
    const left = deadline - now();
    if (left <= 0) return record;
    await sleep(Math.min(pollDelay(poll), left));
  }
};
