import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from './client';
import { type LedgerContext, queryAll } from './context';
import { defaultWorkspaceKey, WORKSPACES_PARTITION, workspaceKey, workspaceTokenKey } from './table';

/** How a workspace came to be registered. */
export type WorkspaceSource = 'default' | 'api' | 'oauth' | 'seed';

/** A workspace the service calls Slack for. Holds no token: tokens live in a vault. */
export interface WorkspaceRecord {
  team_id: string;
  team_name: string;
  bot_user_id: string;
  enterprise_id?: string;
  /** `disabled` after Slack called its token revoked; registering again enables it. */
  status: 'active' | 'disabled';
  disabled_code?: string;
  disabled_at?: string;
  /** Changes with every new token, so that a worker holding an old one cannot disable the new. */
  token_version: string;
  source: WorkspaceSource;
  created_at: string;
  updated_at: string;
}

const strip = (item: Record<string, unknown>): WorkspaceRecord => {
  const { pk: _pk, sk: _sk, ...record } = item;
  return record as unknown as WorkspaceRecord;
};

/** The workspace registry's records, and the ledger-kept tokens of the local vault. */
export const createWorkspaceStore = (ctx: LedgerContext) => ({
  get: async (teamId: string): Promise<WorkspaceRecord | undefined> => {
    const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: workspaceKey(teamId), ConsistentRead: true }));
    return output.Item ? strip(output.Item) : undefined;
  },

  list: async (): Promise<WorkspaceRecord[]> => {
    const records: WorkspaceRecord[] = [];
    for await (const item of queryAll(ctx, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': WORKSPACES_PARTITION } })) {
      records.push(strip(item));
    }
    return records;
  },

  /** Registers or re-registers a workspace: active, with a new token version; keeps its first `created_at`. */
  put: async (record: Omit<WorkspaceRecord, 'status' | 'created_at' | 'updated_at'>): Promise<WorkspaceRecord> => {
    const now = ctx.now().toISOString();
    const output = await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: workspaceKey(record.team_id),
        UpdateExpression:
          'SET team_id = :team, team_name = :name, bot_user_id = :bot, token_version = :version, #source = :source, #status = :active, updated_at = :now, created_at = if_not_exists(created_at, :now)' +
          (record.enterprise_id === undefined ? ' REMOVE enterprise_id, disabled_code, disabled_at' : ', enterprise_id = :enterprise REMOVE disabled_code, disabled_at'),
        ExpressionAttributeNames: { '#source': 'source', '#status': 'status' },
        ExpressionAttributeValues: {
          ':team': record.team_id,
          ':name': record.team_name,
          ':bot': record.bot_user_id,
          ':version': record.token_version,
          ':source': record.source,
          ':active': 'active',
          ':now': now,
          ...(record.enterprise_id !== undefined && { ':enterprise': record.enterprise_id }),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip(output.Attributes ?? {});
  },

  /**
   * Marks a workspace disabled because Slack refused its token, unless the token was replaced
   * meanwhile (its version moved on); true when this call disabled it.
   */
  disable: async (teamId: string, code: string, tokenVersion: string): Promise<boolean> => {
    return writeIf(ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: workspaceKey(teamId),
        UpdateExpression: 'SET #status = :disabled, disabled_code = :code, disabled_at = :now, updated_at = :now',
        ConditionExpression: 'token_version = :version AND #status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':disabled': 'disabled', ':active': 'active', ':code': code, ':now': ctx.now().toISOString(), ':version': tokenVersion },
      }),
    ));
  },

  remove: async (teamId: string): Promise<boolean> => {
    const output = await ctx.doc.send(new DeleteCommand({ TableName: ctx.table, Key: workspaceKey(teamId), ReturnValues: 'ALL_OLD' }));
    return output.Attributes !== undefined;
  },

  /** The local vault: a token in an item of its own, which no list reads. */
  tokens: {
    get: async (teamId: string): Promise<string | undefined> => {
      const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: workspaceTokenKey(teamId), ConsistentRead: true }));
      return typeof output.Item?.token === 'string' ? output.Item.token : undefined;
    },
    put: async (teamId: string, token: string): Promise<void> => {
      await ctx.doc.send(new PutCommand({ TableName: ctx.table, Item: { ...workspaceTokenKey(teamId), token } }));
    },
    remove: async (teamId: string): Promise<void> => {
      await ctx.doc.send(new DeleteCommand({ TableName: ctx.table, Key: workspaceTokenKey(teamId) }));
    },
  },

  /** The team SLACK_BOT_TOKEN belongs to, remembered by the token's fingerprint. */
  defaultTeam: {
    get: async (fingerprint: string): Promise<string | undefined> => {
      const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: defaultWorkspaceKey(fingerprint) }));
      return typeof output.Item?.team_id === 'string' ? output.Item.team_id : undefined;
    },
    put: async (fingerprint: string, teamId: string): Promise<void> => {
      await ctx.doc.send(new PutCommand({ TableName: ctx.table, Item: { ...defaultWorkspaceKey(fingerprint), team_id: teamId } }));
    },
  },
});

export type WorkspaceStore = ReturnType<typeof createWorkspaceStore>;
