import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerContext } from './context';
import { channelNameKey } from './table';

/**
 * Channel IDs by name, as ensures found or made them: finding a channel again costs one
 * conversations.info instead of listing every channel of the workspace. A hint only, always
 * checked against Slack (a channel can be renamed or deleted behind our back).
 */
export const createChannelNames = (ctx: LedgerContext) => ({
  get: async (workspace: string, name: string): Promise<string | undefined> => {
    const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: channelNameKey(workspace, name) }));
    return typeof output.Item?.channel_id === 'string' ? output.Item.channel_id : undefined;
  },
  remember: async (workspace: string, name: string, channelId: string): Promise<void> => {
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: channelNameKey(workspace, name),
        UpdateExpression: 'SET channel_id = :id, updated_at = :now',
        ExpressionAttributeValues: { ':id': channelId, ':now': ctx.now().toISOString() },
      }),
    );
  },
});

export type ChannelNames = ReturnType<typeof createChannelNames>;
