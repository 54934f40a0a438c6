import type { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import type { SlackOutcome } from '../../lib/slack/outcome';
import type { SlackCall } from '../../lib/slack/slackClient';

/** A logger that records calls instead of printing. */
export const recordingLogger = () => {
  const lines: { level: string; message: string; extra: unknown }[] = [];
  const log = (level: string) => (message: string, extra?: unknown) => lines.push({ level, message, extra });
  const logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') } as unknown as Logger;
  return { logger, lines };
};

/** A Slack stand-in that answers from a script per method and records each call. */
export const scriptedSlack = (script: Partial<Record<string, SlackOutcome[]>>, fallback: SlackOutcome = { kind: 'succeeded', response: { ok: true } }) => {
  const calls: { method: string; args: Record<string, unknown> }[] = [];
  const call: SlackCall = async (method, args) => {
    calls.push({ method, args });
    return script[method]?.shift() ?? fallback;
  };
  return { call, calls };
};

export const jobRecord = (index: number, job: Record<string, unknown>, receiveCount = 1): SQSRecord => ({
  messageId: `m-${index}`,
  receiptHandle: `rh-${index}`,
  body: JSON.stringify({ v: 1, job_id: `job-${index}`, workspace: 'default', enqueued_at: '2026-11-24T00:00:00.000Z', callback_url: 'https://hooks.example.com/cb', ...job }),
  attributes: {
    ApproximateReceiveCount: String(receiveCount),
    SentTimestamp: '0',
    SenderId: 'test',
    ApproximateFirstReceiveTimestamp: '0',
    MessageGroupId: `default:${String(job.method)}`,
  },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:jobs.fifo',
  awsRegion: 'us-east-1',
});

/** A clock that only moves when slept on or advanced: pacing tests never really wait. */
export const fakeClock = (start = 1_000_000) => {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: {
      now: () => now,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        now += ms;
      },
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
    elapsed: () => now - start,
  };
};
