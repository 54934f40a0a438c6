import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { BatchWriteCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { batchListFields, jobListFields } from '../lib/ledger/recentIndex';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TABLE } from '../lib/ledger/table';

export interface LocalLedgerStore {
  endpoint: string;
  table: string;
  stop: () => Promise<void>;
}

/** Creates the ledger table as serverless.yml declares it, unless it is there already, and waits until it is active. */
export const ensureLedgerTable = async (client: DynamoDBClient, table: string) => {
  await createTable(client, table);
  await waitActive(client, table);
  const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
  const has = (Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort();
  const wanted = TABLE.globalSecondaryIndexes.map((index) => index.IndexName).sort();
  if (has.join() !== wanted.join()) await rebuildTable(client, table);
};

/**
 * A data directory made before an index existed: the embedded store cannot add an index to a
 * table, so the table is made anew with every item copied over (jobs and batches gain the
 * recent-listing keys on the way, as DynamoDB would backfill the index deployed).
 */
const rebuildTable = async (client: DynamoDBClient, table: string) => {
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  await client.send(new DeleteTableCommand({ TableName: table }));
  for (let tries = 0; ; tries += 1) {
    try {
      await client.send(new DescribeTableCommand({ TableName: table }));
    } catch (error) {
      if ((error as Error).name === 'ResourceNotFoundException') break;
      throw error;
    }
    if (tries > 100) throw new Error(`ledger table ${table} was not deleted`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await createTable(client, table);
  await waitActive(client, table);
  const withListing = items.map((item) => {
    if (item.list_pk !== undefined) return item;
    if (item.sk === 'JOB' && typeof item.job_id === 'string' && typeof item.enqueued_at === 'string') return { ...item, ...jobListFields({ job_id: item.job_id, enqueued_at: item.enqueued_at }) };
    if (item.sk === 'BATCH' && typeof item.batch_id === 'string' && typeof item.created_at === 'string') return { ...item, ...batchListFields({ batch_id: item.batch_id, created_at: item.created_at }) };
    return item;
  });
  for (let i = 0; i < withListing.length; i += 25) {
    await doc.send(new BatchWriteCommand({ RequestItems: { [table]: withListing.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
};

const waitActive = async (client: DynamoDBClient, table: string) => {
  // The store answers CreateTable at once but takes the table into use a moment later.
  for (let tries = 0; tries < 100; tries += 1) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === 'ACTIVE' && (Table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`ledger table ${table} did not become active`);
};

const createTable = async (client: DynamoDBClient, table: string) => {
  try {
    await client.send(
      new CreateTableCommand({
        TableName: table,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: TABLE.attributeDefinitions as never,
        KeySchema: TABLE.keySchema as never,
        GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes as never,
      }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
};

/** The embedded store applies no TTL: expired items are deleted at start instead. Returns how many. */
const pruneExpired = async (doc: DynamoDBDocumentClient, table: string): Promise<number> => {
  let pruned = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'expires_at < :now',
        ExpressionAttributeValues: { ':now': Math.floor(Date.now() / 1000) },
        ProjectionExpression: 'pk, sk',
        ExclusiveStartKey: startKey,
      }),
    );
    const keys = page.Items ?? [];
    for (let i = 0; i < keys.length; i += 25) {
      await doc.send(new BatchWriteCommand({ RequestItems: { [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })) } }));
    }
    pruned += keys.length;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return pruned;
};

/** Where dynalite is installed: the store's thread loads it by path. */
const dynalitePath = (): string =>
  typeof require === 'function' ? require.resolve('dynalite') : createRequire(import.meta.url).resolve('dynalite');

/**
 * The store's own thread: dynalite (a DynamoDB look-alike over LevelDB) serves on a loopback port.
 * It runs beside the service's event loop rather than on it, so its parsing and LevelDB work use
 * the machine's other core instead of delaying the workers' pacing timers.
 */
const STORE_THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
const dynalite = require(workerData.dynalitePath);
const server = dynalite(workerData.options);
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
parentPort.on('message', (message) => {
  if (message === 'stop') server.close(() => parentPort.postMessage({ stopped: true }));
});
`;

/**
 * A DynamoDB-compatible store in this process (dynalite, on a thread of its own): on disk in
 * `dataDir` (LevelDB), or in memory without one. The service reaches it with the same AWS SDK
 * client as DynamoDB.
 */
export const startLocalLedgerStore = async (options: { dataDir?: string; table?: string } = {}): Promise<LocalLedgerStore & { pruned: number }> => {
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const worker = new Worker(STORE_THREAD, {
    eval: true,
    workerData: {
      dynalitePath: dynalitePath(),
      options: { ...(options.dataDir && { path: options.dataDir }), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 },
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const table = options.table ?? `slack-conversations-queue-local-${TABLE.name}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await ensureLedgerTable(client, table);
  const pruned = await pruneExpired(DynamoDBDocumentClient.from(client), table);
  client.destroy();
  return {
    endpoint,
    table,
    pruned,
    stop: async () => {
      // LevelDB is closed by the server's close: wait for it, then end the thread.
      await new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      });
      await worker.terminate();
    },
  };
};
