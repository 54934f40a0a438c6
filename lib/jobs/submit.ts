import type { SQSClient } from '@aws-sdk/client-sqs';
import { checkCallbackHostResolves, type CallbackUrlPolicy } from '../callbacks/urlPolicy';
import { EnqueueError, ValidationError, type ErrorDetail } from '../http/errors';
import type { SlackMethod } from '../operations/methods';
import { sendMessages } from '../queue/sendBatch';
import { jobQueueEntry, toJobMessage } from './jobMessage';
import type { JobMessage, JobRequest } from './types';
import { validateBatch, validateJob } from './validate';

export interface SubmitDeps {
  sqs: SQSClient;
  queueUrl: string;
  workspace: string;
  callbackPolicy: CallbackUrlPolicy;
  now?: () => Date;
}

export interface QueuedJob {
  job_id: string;
  status: 'queued';
  method: SlackMethod;
}

/** Resolves each distinct callback host once and refuses private answers (submit-time SSRF check). */
const checkCallbackHosts = async (jobs: JobRequest[], policy: CallbackUrlPolicy, pathOf: (i: number) => string) => {
  const byUrl = new Map<string, number[]>();
  jobs.forEach((job, index) => {
    if (job.callback_url !== undefined) byUrl.set(job.callback_url, [...(byUrl.get(job.callback_url) ?? []), index]);
  });
  const details: ErrorDetail[] = [];
  await Promise.all(
    [...byUrl].map(async ([url, indexes]) => {
      const reason = await checkCallbackHostResolves(url, policy);
      if (reason) for (const index of indexes) details.push({ path: pathOf(index), message: reason });
    }),
  );
  if (details.length > 0) throw new ValidationError('Callback URL refused', details);
};

const enqueue = async (messages: JobMessage[], deps: SubmitDeps) => sendMessages(deps.sqs, deps.queueUrl, messages.map(jobQueueEntry));

export const submitJob = async (body: unknown, deps: SubmitDeps): Promise<QueuedJob> => {
  const result = validateJob(body, deps.callbackPolicy);
  if (!result.ok) throw new ValidationError('Invalid job', result.details);
  await checkCallbackHosts([result.value], deps.callbackPolicy, () => 'callback_url');
  const message = toJobMessage(result.value, deps.workspace, (deps.now ?? (() => new Date()))());
  const failures = await enqueue([message], deps);
  if (failures.length > 0) throw new EnqueueError(`Could not queue the job: ${failures[0].message}`);
  return { job_id: message.job_id, status: 'queued', method: message.method };
};

export const submitBatch = async (body: unknown, deps: SubmitDeps): Promise<QueuedJob[]> => {
  const result = validateBatch(body, deps.callbackPolicy);
  if (!result.ok) throw new ValidationError('Invalid batch: nothing was queued', result.details);
  await checkCallbackHosts(result.value, deps.callbackPolicy, (index) => `jobs[${index}].callback_url`);
  const now = (deps.now ?? (() => new Date()))();
  const messages = result.value.map((job) => toJobMessage(job, deps.workspace, now));
  const failures = await enqueue(messages, deps);
  if (failures.length > 0) {
    const queued = messages.length - failures.length;
    throw new EnqueueError(
      `${failures.length} of ${messages.length} jobs could not be queued (${queued} were); resubmit the listed ones`,
      failures.map((failure) => ({
        path: `jobs[${failure.index}]`,
        message: `not queued (${failure.code}): ${failure.message}; job_id ${messages[failure.index].job_id}`,
      })),
    );
  }
  return messages.map((message) => ({ job_id: message.job_id, status: 'queued', method: message.method }));
};
