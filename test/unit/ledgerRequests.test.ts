import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { randomBytes } from 'node:crypto';
import { mockClient } from 'aws-sdk-client-mock';
import { createLedger } from '../../lib/ledger/ledger';

/**
 * The requests the ledger sends DynamoDB, checked with aws-sdk-client-mock: the conditions that
 * make each transition happen once, and what a failed condition turns into. (The same code runs
 * against a real DynamoDB-compatible store in the other tests.)
 */
const docMock = mockClient(DynamoDBDocumentClient);
const NOW = new Date('2026-11-24T00:00:00.000Z');
const ledger = createLedger({ doc: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' })), table: 'ledger', retentionDays: 7, idempotencyTtlSeconds: 86_400, now: () => NOW });
const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

beforeEach(() => docMock.reset());

describe('ledger requests', () => {
  it('takes a job only while it is queued or running, and says why not otherwise', async () => {
    docMock.on(UpdateCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({ Item: { pk: 'JOB#j-1', sk: 'JOB', job_id: 'j-1', status: 'cancelled' } });
    const result = await ledger.jobs.start('j-1', 1);
    const [update] = docMock.commandCalls(UpdateCommand);
    expect(update.args[0].input).toMatchObject({
      Key: { pk: 'JOB#j-1', sk: 'JOB' },
      ConditionExpression: 'attribute_exists(pk) AND #status IN (:queued, :running)',
      ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':attempts': 1 },
    });
    expect(result).toEqual({ kind: 'not_runnable', record: { job_id: 'j-1', status: 'cancelled' } });
  });

  it('ends a job once, names every reserved word, and closes its open work when no callback is owed', async () => {
    docMock.on(UpdateCommand).resolvesOnce({}).rejectsOnce(conditionFailed());
    const end = { status: 'failed' as const, attempts: 2, error: { code: 'channel_not_found', message: 'x', retryable: false }, result: { ok: false, error: 'channel_not_found' } };
    expect(await ledger.jobs.end('j-1', end, false)).toBe(true);
    expect(await ledger.jobs.end('j-1', end, false)).toBe(false);
    const { input } = docMock.commandCalls(UpdateCommand)[0].args[0];
    expect(input.UpdateExpression).toMatch(/^SET #status = :status, .*#error = :error.* REMOVE #open$/);
    expect(input.ExpressionAttributeNames).toMatchObject({ '#status': 'status', '#error': 'error', '#open': 'open' });
    expect(input.ExpressionAttributeValues).toMatchObject({ ':expires': Math.floor(NOW.getTime() / 1000) + 7 * 86_400, ':result': '{"ok":false,"error":"channel_not_found"}' });
  });

  it('stores a large result compressed, and a very large one in parts written first', async () => {
    docMock.on(UpdateCommand).resolves({});
    docMock.on(BatchWriteCommand).resolves({});
    const medium = { ok: true, members: Array.from({ length: 10_000 }, (_, i) => `U${String(i).padStart(10, '0')}`) };
    await ledger.jobs.end('j-0', { status: 'succeeded', attempts: 1, result: medium }, true);
    expect(docMock.commandCalls(UpdateCommand)[0].args[0].input.UpdateExpression).toContain('result_gz = :result');
    expect(docMock.commandCalls(BatchWriteCommand)).toHaveLength(0);
    docMock.resetHistory();

    const big = { ok: true, blob: randomBytes(400_000).toString('base64') };
    await ledger.jobs.end('j-1', { status: 'succeeded', attempts: 1, result: big }, true);
    const writes = docMock.commandCalls(BatchWriteCommand).flatMap((call) => call.args[0].input.RequestItems!.ledger);
    const update = docMock.commandCalls(UpdateCommand)[0].args[0].input;
    expect(writes.length).toBeGreaterThan(1);
    expect(writes[0].PutRequest!.Item).toMatchObject({ pk: 'JOB#j-1', sk: 'RESULT#000' });
    expect(update.UpdateExpression).toContain('result_parts = :result');
    expect(update.ExpressionAttributeValues![':result']).toBe(writes.length);
  });

  it('claims an idempotency key unless a live claim exists, and returns that claim', async () => {
    docMock.on(PutCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({ Item: { job_id: 'j-0', request_hash: 'h-0', created_at: '2026-11-23T23:59:00.000Z' } });
    expect(await ledger.idempotency.claim('default', 'crm-1', 'j-1', 'h-1')).toEqual({ kind: 'taken', job_id: 'j-0', request_hash: 'h-0', created_at: '2026-11-23T23:59:00.000Z' });
    const put = docMock.commandCalls(PutCommand)[0].args[0].input;
    expect(put).toMatchObject({
      Item: { pk: 'IDEM#default#crm-1', sk: 'IDEM', job_id: 'j-1', request_hash: 'h-1', expires_at: Math.floor(NOW.getTime() / 1000) + 86_400 },
      ConditionExpression: 'attribute_not_exists(pk) OR expires_at < :now',
    });
  });

  it('counts an ended job in its batch at most once', async () => {
    docMock.on(UpdateCommand).rejects(conditionFailed());
    docMock.on(GetCommand).resolves({ Item: { pk: 'BATCH#b-1', sk: 'BATCH', batch_id: 'b-1', total: 2, succeeded: 1, failed: 0, cancelled: 0, ended_ids: new Set(['j-1']) } });
    const batch = await ledger.batches.countEnded('b-1', 'j-1', 'succeeded');
    expect(docMock.commandCalls(UpdateCommand)[0].args[0].input).toMatchObject({
      UpdateExpression: 'ADD ended_ids :ids, #status :one',
      ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(ended_ids) OR NOT contains(ended_ids, :id))',
      ExpressionAttributeNames: { '#status': 'succeeded' },
    });
    expect(batch).toEqual({ batch_id: 'b-1', total: 2, succeeded: 1, failed: 0, cancelled: 0 });
  });

  it('retries the writes DynamoDB leaves unprocessed', async () => {
    docMock
      .on(BatchWriteCommand)
      .resolvesOnce({ UnprocessedItems: { ledger: [{ PutRequest: { Item: { pk: 'JOB#j-2', sk: 'JOB' } } }] } })
      .resolves({});
    await ledger.jobs.create([1, 2].map((i) => ({ spec: { job_id: `j-${i}`, workspace: 'default', method: 'conversations.info', args: {}, enqueued_at: NOW.toISOString() } })));
    const calls = docMock.commandCalls(BatchWriteCommand).map((call) => call.args[0].input.RequestItems!.ledger.length);
    expect(calls).toEqual([2, 1]);
  });

  it('treats an expired job as gone', async () => {
    docMock.on(GetCommand).resolves({ Item: { pk: 'JOB#j-1', sk: 'JOB', job_id: 'j-1', status: 'succeeded', expires_at: Math.floor(NOW.getTime() / 1000) - 1 } });
    expect(await ledger.jobs.get('j-1')).toBeUndefined();
  });
});
