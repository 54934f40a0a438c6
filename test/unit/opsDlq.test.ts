import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import type { Ledger } from '../../lib/ledger/ledger';
import { deleteDeadLetter, listDeadLetters, parseRedriveBody, redriveDeadLetters } from '../../lib/ops/dlq';
import { DlqMessageNotFoundError } from '../../lib/ops/errors';
import { createQueueDirectory, queueNamed } from '../../lib/ops/queues';
import { ADMIN_ACCESS, type Access } from '../../lib/workspaces/access';

const sqsMock = mockClient(SQSClient);
const JOBS = 'http://sqs.local/000000000000/app-jobs.fifo';
const CALLBACKS = 'http://sqs.local/000000000000/app-callbacks';
const JOBS_DLQ = 'http://sqs.local/000000000000/app-jobs-dlq.fifo';
const SCOPED: Access = { kind: 'scoped', workspaces: ['T0MINE001'] };

const jobMessage = (id: string, workspace: string, extra: Partial<Message> = {}): Message => ({
  MessageId: `m-${id}`,
  ReceiptHandle: `rh-${id}`,
  Body: JSON.stringify({ v: 1, job_id: id, workspace, method: 'conversations.archive', args: { channel: 'C1' }, enqueued_at: '2026-01-01T00:00:00.000Z', padding: 'x'.repeat(500) }),
  Attributes: { SentTimestamp: '1767225600000', ApproximateReceiveCount: '3', MessageGroupId: 'poison' },
  MessageAttributes: { reason: { DataType: 'String', StringValue: 'unknown method' } },
  ...extra,
});

/** A ledger stand-in: only what the DLQ code reads and re-owes. */
const fakeLedger = () => {
  const reopened: string[] = [];
  const ledger = {
    jobs: {
      get: async (id: string) => (id === 'known' ? { job_id: id, workspace: 'T0MINE001', method: 'conversations.info', batch_id: 'b1' } : undefined),
      reopenCallback: async (id: string) => {
        reopened.push(id);
        return id === 'known';
      },
    },
    batches: { get: async () => undefined },
    operator: { reopenBatchCallback: async () => false },
  } as unknown as Ledger;
  return { ledger, reopened };
};

const setup = () => {
  const sqs = new SQSClient({ region: 'us-east-1' });
  const { ledger, reopened } = fakeLedger();
  const deps = { sqs, ledger };
  const queues = createQueueDirectory({ sqs, queueUrl: JOBS, callbacksQueueUrl: CALLBACKS });
  return { deps, queues, reopened };
};

beforeEach(() => {
  sqsMock.reset();
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: JOBS, AttributeNames: ['RedrivePolicy'] }).resolves({
    Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:app-jobs-dlq.fifo', maxReceiveCount: 100 }) },
  });
  sqsMock.on(GetQueueAttributesCommand, { QueueUrl: CALLBACKS, AttributeNames: ['RedrivePolicy'] }).resolves({
    Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:app-callbacks-dlq', maxReceiveCount: 15 }) },
  });
  sqsMock.on(GetQueueAttributesCommand, { AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }).resolves({
    Attributes: { ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '1' },
  });
});

describe('the DLQ of a queue', () => {
  it('is found from the queue’s redrive policy, in the same account and region', async () => {
    // Prepare
    const { queues } = setup();

    // Act
    const url = await queues.dlq('jobs');
    await queues.dlq('jobs');

    // Assess
    expect(url).toBe(JOBS_DLQ);
    expect(sqsMock.commandCalls(GetQueueAttributesCommand)).toHaveLength(1);
  });

  it('is named by its path parameter, jobs or callbacks only', () => {
    expect(queueNamed('callbacks')).toBe('callbacks');
    expect(() => queueNamed('jobs-dlq')).toThrow(expect.objectContaining({ code: 'queue_not_found' }));
  });
});

describe('listing dead letters', () => {
  it('reads each message once however often a receive repeats it, then releases them all', async () => {
    // Prepare
    const { deps, queues } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [jobMessage('a', 'T0MINE001'), jobMessage('b', 'T0THEIRS1')] }).resolves({ Messages: [jobMessage('a', 'T0MINE001')] });

    // Act
    const listed = await listDeadLetters('jobs', ADMIN_ACCESS, {}, deps, queues);

    // Assess
    expect(listed.messages.map((m) => m.message_id)).toEqual(['m-a', 'm-b']);
    expect(listed.approximate_depth).toBe(3);
    expect(listed.messages[0]).toMatchObject({ kind: 'job', job_id: 'a', workspace: 'T0MINE001', method: 'conversations.archive', reason: 'unknown method', receive_count: 3, sent_at: '2026-01-01T00:00:00.000Z' });
    expect(listed.messages[0].body_excerpt).toHaveLength(200);
    const released = sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(released.map((entry) => [entry.ReceiptHandle, entry.VisibilityTimeout])).toEqual([['rh-a', 0], ['rh-b', 0]]);
  });

  it('shows a scoped key only its workspaces’ messages, and no queue depth of others', async () => {
    // Prepare
    const { deps, queues } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [jobMessage('a', 'T0MINE001'), jobMessage('b', 'T0THEIRS1'), { MessageId: 'm-c', ReceiptHandle: 'rh-c', Body: 'not json' }] }).resolves({});

    // Act
    const listed = await listDeadLetters('jobs', SCOPED, {}, deps, queues);

    // Assess
    expect(listed.messages.map((m) => m.message_id)).toEqual(['m-a']);
    expect(listed.approximate_depth).toBe(1);
  });

  it('names whose callback a callbacks DLQ message is, from the ledger', async () => {
    // Prepare
    const { deps, queues } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [{ MessageId: 'm-cb', ReceiptHandle: 'rh-cb', Body: JSON.stringify({ v: 2, kind: 'job', id: 'known' }) }] }).resolves({});

    // Act
    const listed = await listDeadLetters('callbacks', ADMIN_ACCESS, {}, deps, queues);

    // Assess
    expect(listed.messages).toEqual([
      expect.objectContaining({ kind: 'job_callback', job_id: 'known', batch_id: 'b1', workspace: 'T0MINE001', method: 'conversations.info' }),
    ]);
  });
});

describe('redriving dead letters', () => {
  it('sends a job back to its FIFO group with a fresh deduplication ID, then deletes it from the DLQ', async () => {
    // Prepare
    const { deps, queues } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [jobMessage('a', 'T0MINE001'), jobMessage('b', 'T0MINE001')] }).resolves({});

    // Act
    const result = await redriveDeadLetters('jobs', ADMIN_ACCESS, { message_ids: ['m-a'] }, deps, queues);

    // Assess
    expect(result).toEqual({ redriven: 1 });
    const sent = sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
    expect(sent).toEqual([expect.objectContaining({ QueueUrl: JOBS, MessageGroupId: 'T0MINE001:conversations.archive', MessageDeduplicationId: expect.stringMatching(/^a:redrive:/) })]);
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: JOBS_DLQ, ReceiptHandle: 'rh-a' }]);
    const released = sqsMock.commandCalls(ChangeMessageVisibilityBatchCommand).flatMap((call) => call.args[0].input.Entries ?? []);
    expect(released.map((entry) => entry.ReceiptHandle)).toEqual(['rh-b']);
  });

  it('owes a callback again in the ledger before sending it back, and leaves one whose job has expired', async () => {
    // Prepare
    const { deps, queues, reopened } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({
      Messages: [
        { MessageId: 'm-1', ReceiptHandle: 'rh-1', Body: JSON.stringify({ v: 2, kind: 'job', id: 'known' }) },
        { MessageId: 'm-2', ReceiptHandle: 'rh-2', Body: JSON.stringify({ v: 2, kind: 'job', id: 'expired' }) },
      ],
    }).resolves({});

    // Act
    const result = await redriveDeadLetters('callbacks', ADMIN_ACCESS, {}, deps, queues);

    // Assess
    expect(result).toEqual({ redriven: 1, skipped: 1 });
    expect(reopened).toEqual(['known', 'expired']);
    expect(sqsMock.commandCalls(SendMessageCommand).map((call) => call.args[0].input)).toEqual([{ QueueUrl: CALLBACKS, MessageBody: JSON.stringify({ v: 2, kind: 'job', id: 'known' }) }]);
  });

  it('does not touch another workspace’s messages for a scoped key', async () => {
    // Prepare
    const { deps, queues } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [jobMessage('b', 'T0THEIRS1')] }).resolves({});

    // Act
    const result = await redriveDeadLetters('jobs', SCOPED, { message_ids: ['m-b'] }, deps, queues);

    // Assess
    expect(result).toEqual({ redriven: 0, not_found: ['m-b'] });
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('takes an empty body or a list of message IDs, and refuses anything else', () => {
    expect(parseRedriveBody('')).toEqual({});
    expect(parseRedriveBody('{"message_ids":["m-1"]}')).toEqual({ message_ids: ['m-1'] });
    expect(() => parseRedriveBody('{"message_ids":[]}')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => parseRedriveBody('{"other":1}')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
    expect(() => parseRedriveBody('nope')).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});

describe('deleting a dead letter', () => {
  it('deletes the named message and releases the rest; an unknown one is not found', async () => {
    // Prepare
    const { deps, queues } = setup();
    sqsMock.on(ReceiveMessageCommand).resolvesOnce({ Messages: [jobMessage('a', 'T0MINE001'), jobMessage('b', 'T0MINE001')] }).resolves({});

    // Act
    const deleted = await deleteDeadLetter('jobs', 'm-b', ADMIN_ACCESS, deps, queues);
    const missing = deleteDeadLetter('jobs', 'm-zzz', ADMIN_ACCESS, deps, queues);

    // Assess
    expect(deleted).toEqual({ deleted: true });
    expect(sqsMock.commandCalls(DeleteMessageCommand).map((call) => call.args[0].input.ReceiptHandle)).toEqual(['rh-b']);
    await expect(missing).rejects.toBeInstanceOf(DlqMessageNotFoundError);
  });
});
