import { enqueueCallback } from '../callbacks/enqueue';
import { sendMessages } from '../queue/sendBatch';
import { completeBatchIfDone, type JobEndedDeps } from './jobEnded';
import { jobQueueEntry, toJobMessage } from './jobMessage';

export interface ResumeDeps extends JobEndedDeps {
  jobsQueueUrl: string;
}

export interface Resumed {
  jobs: number;
  callbacks: number;
  batches: number;
}

const LOAD_CONCURRENCY = 16;

/**
 * Puts back on the queues everything the ledger shows unfinished, for a start after a stop or a
 * crash whose queues did not survive (the local stack): unended jobs (a running one counts its
 * attempt as made, so it runs again as a retry: the "already done" and state checks apply),
 * callbacks not yet delivered, and batches not yet closed (recounted from their jobs first).
 */
export const resumeOpenWork = async (deps: ResumeDeps): Promise<Resumed> => {
  const { ledger } = deps;
  const openJobs = await ledger.openWork.list('job');
  const messages = [];
  for (let i = 0; i < openJobs.length; i += LOAD_CONCURRENCY) {
    const records = await Promise.all(openJobs.slice(i, i + LOAD_CONCURRENCY).map((entry) => ledger.jobs.get(entry.id, { withResult: false })));
    for (const record of records) {
      if (record && (record.status === 'queued' || record.status === 'running')) {
        messages.push(jobQueueEntry(toJobMessage(record, record.status === 'running' ? record.attempts : undefined)));
      }
    }
  }
  const failures = await sendMessages(deps.sqs, deps.jobsQueueUrl, messages);
  if (failures.length > 0) throw new Error(`could not requeue ${failures.length} jobs: ${failures[0].message}`);

  const openCallbacks = await ledger.openWork.list('callback');
  for (const entry of openCallbacks) await enqueueCallback(deps.sqs, deps.callbacksQueueUrl, { kind: entry.record, id: entry.id });

  const openBatches = await ledger.openWork.list('batch');
  for (const { id } of openBatches) {
    const stats = await ledger.batches.memberStats(id);
    await completeBatchIfDone(await ledger.batches.recount(id, stats.ended), deps);
  }
  return { jobs: messages.length, callbacks: openCallbacks.length, batches: openBatches.length };
};
