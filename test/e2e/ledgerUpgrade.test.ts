import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalLedgerStore } from '../../local/ledgerStore';
import { TABLE } from '../../lib/ledger/table';

const clientFor = (endpoint: string) => new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

describe('a data directory made before the ledger had its recent index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scq-upgrade-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gets the index at start, keeps every item, and gives the old jobs their listing keys', async () => {
    // Prepare: a table with the older indexes only, holding one job.
    const table = 'upgrade-ledger';
    const older = await startLocalLedgerStore({ dataDir: dir, table: 'scratch' });
    const client = clientFor(older.endpoint);
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: TABLE.attributeDefinitions.filter((a) => !a.AttributeName.startsWith('list_')) as never,
        KeySchema: TABLE.keySchema as never,
        GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.filter((index) => index.IndexName !== 'recent') as never,
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    const job = { pk: 'JOB#j-1', sk: 'JOB', job_id: 'j-1', enqueued_at: '2026-11-01T00:00:00.000Z', status: 'succeeded', workspace: 'default', method: 'conversations.info', args: {} };
    await DynamoDBDocumentClient.from(client).send(new PutCommand({ TableName: table, Item: job }));
    client.destroy();
    await older.stop();

    // Act
    const store = await startLocalLedgerStore({ dataDir: dir, table });
    const after = clientFor(store.endpoint);
    const { Table } = await after.send(new DescribeTableCommand({ TableName: table }));
    const { Item } = await DynamoDBDocumentClient.from(after).send(new GetCommand({ TableName: table, Key: { pk: 'JOB#j-1', sk: 'JOB' } }));
    after.destroy();
    await store.stop();

    // Assess
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(TABLE.globalSecondaryIndexes.map((index) => index.IndexName).sort());
    expect(Item).toMatchObject({ ...job, list_pk: expect.stringMatching(/^JOBS#/), list_at: '2026-11-01T00:00:00.000Z#j-1' });
  });
});
