import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ServiceConfig } from '../config/config';
import { createBatchStore } from './batchStore';
import { createCallbackStore } from './callbackStore';
import { createChannelNames } from './channelNames';
import { createLedgerClient } from './client';
import type { LedgerContext } from './context';
import { createIdempotencyStore } from './idempotencyStore';
import { createJobStore } from './jobStore';
import { createOpenWork } from './openWork';
import { createOperatorStore } from './operatorStore';
import { createPacingStore } from './pacingStore';
import { createSweepStore } from './sweepStore';
import { createWorkspaceStore } from './workspaceStore';

export interface LedgerOptions {
  doc: DynamoDBDocumentClient;
  table: string;
  retentionDays: number;
  idempotencyTtlSeconds: number;
  now?: () => Date;
}

/** The ledger: every job, batch, idempotency key and callback delivery, in one DynamoDB table. */
export const createLedger = (options: LedgerOptions) => {
  const ctx: LedgerContext = {
    doc: options.doc,
    table: options.table,
    now: options.now ?? (() => new Date()),
    retentionSeconds: options.retentionDays * 86_400,
    idempotencyTtlSeconds: options.idempotencyTtlSeconds,
  };
  return {
    jobs: createJobStore(ctx),
    batches: createBatchStore(ctx),
    idempotency: createIdempotencyStore(ctx),
    callbacks: createCallbackStore(ctx),
    openWork: createOpenWork(ctx),
    operator: createOperatorStore(ctx),
    channelNames: createChannelNames(ctx),
    pacing: createPacingStore(ctx),
    sweeps: createSweepStore(ctx),
    workspaces: createWorkspaceStore(ctx),
  };
};

export type Ledger = ReturnType<typeof createLedger>;

/** The ledger as a handler wires it from its configuration. */
export const ledgerFromConfig = (config: Pick<ServiceConfig, 'region' | 'dynamodbEndpoint' | 'ledgerTable' | 'jobRetentionDays' | 'idempotencyTtlSeconds'>): Ledger =>
  createLedger({
    doc: createLedgerClient(config),
    table: config.ledgerTable,
    retentionDays: config.jobRetentionDays,
    idempotencyTtlSeconds: config.idempotencyTtlSeconds,
  });
