import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { writeIf } from './client';
import type { GroupStat } from './groupStat';
import { epochSeconds, isExpired, type LedgerContext, queryAll } from './context';
import { PACING_PARTITION, pacingKey } from './table';

/**
 * One rate-limit group's shared window (`<workspace>:<method>`): what every instance pacing the
 * group reads and writes, so that pacing holds across Lambda instances.
 */
export interface PaceRecord {
  group: string;
  workspace: string;
  method: string;
  /** Bumped by every write; a write names the version it planned from (optimistic concurrency). */
  version: number;
  /** Calls made or reserved (ms since the epoch, ascending): each the latest time its call may go. */
  times: number[];
  /** Slack's rate for the method, calls per minute: the allowance never exceeds it. */
  limitPerMinute: number;
  /** The allowance as the last 429 set it; it recovers from `calmSince` on. */
  allowancePerMinute: number;
  /** Added to the allowance for every whole window since `calmSince`. */
  recoveryPerWindow: number;
  calmSince: number;
  windowMs: number;
  /** When the allowance was last lowered: one cut per window, however many calls met the 429. */
  lastCutAt: number;
  /** Slack's Retry-After: no call of the group before then. */
  pausedUntil: number;
  /** Times of the 429s of the last hour. */
  limitedAt: number[];
}

export type { GroupStat };

/** The store the pacer keeps its windows in: the ledger deployed, or memory in one process. */
export interface PaceStore {
  read: (group: string) => Promise<PaceRecord | undefined>;
  /** Writes `record` as version `expectedVersion + 1`; false when someone else wrote first. */
  write: (record: PaceRecord, expectedVersion: number) => Promise<boolean>;
}

export class PacingStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PacingStoreError';
  }
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
/** An idle group's record goes after a day (DynamoDB TTL); the next call starts it afresh. */
const RECORD_TTL_SECONDS = 86_400;

/** The allowance at `now`: the last cut plus what calm windows since have given back, at most the limit. */
export const allowanceAt = (record: PaceRecord, now: number): number => {
  const calmWindows = Math.max(0, Math.floor((now - record.calmSince) / record.windowMs));
  return Math.min(record.limitPerMinute, record.allowancePerMinute + calmWindows * record.recoveryPerWindow);
};

/** The dashboard's view of a record at `now`. */
export const groupStat = (record: PaceRecord, now: number): GroupStat => ({
  group: record.group,
  workspace: record.workspace,
  method: record.method,
  limit_per_minute: record.limitPerMinute,
  allowance_per_minute: Math.round(allowanceAt(record, now) * 10) / 10,
  // Times ahead of now are reservations not yet due; a scaled-down window keeps less than a minute.
  calls_last_minute: record.times.filter((t) => t > now - MINUTE_MS && t <= now).length,
  rate_limited_last_hour: record.limitedAt.filter((t) => t > now - HOUR_MS).length,
  ...(record.pausedUntil > now && { paused_until: new Date(record.pausedUntil).toISOString() }),
});

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((n): n is number => typeof n === 'number') : []);

const fromItem = (item: Record<string, unknown>): PaceRecord => ({
  group: String(item.group),
  workspace: String(item.workspace),
  method: String(item.method),
  version: Number(item.version),
  times: numbers(item.times),
  limitPerMinute: Number(item.limit_per_minute),
  allowancePerMinute: Number(item.allowance_per_minute),
  recoveryPerWindow: Number(item.recovery_per_window),
  calmSince: Number(item.calm_since),
  windowMs: Number(item.window_ms),
  lastCutAt: Number(item.last_cut_at ?? 0),
  pausedUntil: Number(item.paused_until ?? 0),
  limitedAt: numbers(item.limited_at),
});

const toItem = (ctx: LedgerContext, record: PaceRecord, version: number) => ({
  ...pacingKey(record.group),
  group: record.group,
  workspace: record.workspace,
  method: record.method,
  version,
  times: record.times,
  limit_per_minute: record.limitPerMinute,
  allowance_per_minute: record.allowancePerMinute,
  recovery_per_window: record.recoveryPerWindow,
  calm_since: record.calmSince,
  window_ms: record.windowMs,
  last_cut_at: record.lastCutAt,
  paused_until: record.pausedUntil,
  limited_at: record.limitedAt,
  updated_at: ctx.now().toISOString(),
  expires_at: epochSeconds(ctx.now()) + RECORD_TTL_SECONDS,
});

/**
 * Pacing windows in the ledger. A write is a conditional put on the version the writer planned
 * from: of two writers that read the same window, one wins and the other re-reads, so both can
 * never take the window's last slot.
 */
export const createPacingStore = (ctx: LedgerContext) => ({
  read: async (group: string): Promise<PaceRecord | undefined> => {
    try {
      const output = await ctx.doc.send(new GetCommand({ TableName: ctx.table, Key: pacingKey(group), ConsistentRead: true }));
      return output.Item && !isExpired(output.Item, ctx.now()) ? fromItem(output.Item) : undefined;
    } catch (error) {
      throw new PacingStoreError(`Could not read the pacing window of ${group}`, { cause: error });
    }
  },

  write: async (record: PaceRecord, expectedVersion: number): Promise<boolean> => {
    try {
      return await writeIf(
        ctx.doc.send(
          new PutCommand({
            TableName: ctx.table,
            Item: toItem(ctx, record, expectedVersion + 1),
            // An expired record (TTL not yet applied) counts as absent, as `read` says.
            ...(expectedVersion === 0
              ? { ConditionExpression: 'attribute_not_exists(pk) OR expires_at < :now', ExpressionAttributeValues: { ':now': epochSeconds(ctx.now()) } }
              : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectedVersion } }),
          }),
        ),
      );
    } catch (error) {
      throw new PacingStoreError(`Could not write the pacing window of ${record.group}`, { cause: error });
    }
  },

  /** Every group's limit, current allowance and recent calls and 429s (the dashboard's `groupStats`). */
  list: async (): Promise<GroupStat[]> => {
    const now = ctx.now();
    const stats: GroupStat[] = [];
    for await (const item of queryAll(ctx, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PACING_PARTITION } })) {
      if (!isExpired(item, now)) stats.push(groupStat(fromItem(item), now.getTime()));
    }
    return stats;
  },
});

export type PacingStore = ReturnType<typeof createPacingStore>;
