import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tokenFingerprint } from '../../lib/workspaces/defaultWorkspace';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SQSRecord } from 'aws-lambda';
import { createLedger, type Ledger } from '../../lib/ledger/ledger';
import type { JobSpec } from '../../lib/ledger/records';
import { ensureLedgerTable, type LocalLedgerStore, startLocalLedgerStore } from '../../local/ledgerStore';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/**
 * A real ledger over the embedded DynamoDB-compatible store, in memory: one store per test file,
 * a fresh table per `fresh()` so that tests never see each other's records.
 */
export const useTestLedger = () => {
  let store: LocalLedgerStore;
  let client: DynamoDBClient;
  let tables = 0;
  beforeAll(async () => {
    store = await startLocalLedgerStore();
    client = new DynamoDBClient({ endpoint: store.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  });
  afterAll(async () => {
    client.destroy();
    await store.stop();
  });
  /** A new empty table, and the environment that points a handler at it. */
  const freshTable = async () => {
    tables += 1;
    const table = `test-ledger-${tables}`;
    await ensureLedgerTable(client, table);
    return { table, env: { DYNAMODB_ENDPOINT: store.endpoint, LEDGER_TABLE: table } };
  };
  return {
    freshTable,
    fresh: async (options: { now?: () => Date; retentionDays?: number; idempotencyTtlSeconds?: number } = {}): Promise<Ledger> => {
      const { table } = await freshTable();
      return createLedger({
        doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
        table,
        retentionDays: options.retentionDays ?? 7,
        idempotencyTtlSeconds: options.idempotencyTtlSeconds ?? 86_400,
        now: options.now,
      });
    },
  };
};

/** Records the jobs of queue records in the ledger as the API would have (queued). */
export const seedJobs = async (ledger: Ledger, records: SQSRecord[]): Promise<void> => {
  const specs: JobSpec[] = [];
  for (const record of records) {
    try {
      const body = JSON.parse(record.body) as JobSpec & { previous_attempts?: number; not_before?: string; v?: number };
      const { previous_attempts: _attempts, not_before: _notBefore, v: _v, ...spec } = body;
      if (typeof spec.job_id === 'string') specs.push(spec);
    } catch {
      // not JSON: a poison message the API never produced
    }
  }
  await ledger.jobs.create(specs.map((spec) => ({ spec })));
};

/** Makes `teamId` the default workspace of SLACK_BOT_TOKEN=`token` without asking Slack (no auth.test). */
export const seedDefaultWorkspace = async (ledger: Ledger, token: string, teamId = 'T0UNIT0001'): Promise<string> => {
  const fingerprint = tokenFingerprint(token);
  await ledger.workspaces.put({ team_id: teamId, team_name: 'Unit Test', bot_user_id: 'U0BOT00001', token_version: `default:${fingerprint}`, source: 'default' });
  await ledger.workspaces.defaultTeam.put(fingerprint, teamId);
  return teamId;
};
