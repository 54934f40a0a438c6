import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerContext } from './context';
import { batchKey, jobKey } from './table';

/** Whose callback: a job's (webhook-id = job_id) or a batch's completion (webhook-id = batch_id). */
export interface CallbackTarget {
  kind: 'job' | 'batch';
  id: string;
}

export type DeliveryRecord =
  | { kind: 'delivered'; status: number }
  | { kind: 'retry'; status?: number; error: string }
  /** No more attempts: dead-lettered, refused, or 410 Gone. */
  | { kind: 'failed'; status?: number; error: string };

export const targetKey = (target: CallbackTarget) => (target.kind === 'job' ? jobKey(target.id) : batchKey(target.id));

/** Records each delivery attempt; a delivered or abandoned callback closes its record's open work. */
export const createCallbackStore = (ctx: LedgerContext) => ({
  recordDelivery: async (target: CallbackTarget, delivery: DeliveryRecord): Promise<void> => {
    const now = ctx.now().toISOString();
    const sets = ['callback_attempts = if_not_exists(callback_attempts, :zero) + :one'];
    const values: Record<string, unknown> = { ':zero': 0, ':one': 1 };
    if (delivery.status !== undefined) {
      sets.push('callback_last_status = :status');
      values[':status'] = delivery.status;
    }
    let remove = '';
    if (delivery.kind === 'delivered') {
      sets.push('callback_status = :delivered', 'callback_delivered_at = :now');
      Object.assign(values, { ':delivered': 'delivered', ':now': now });
      remove = ' REMOVE #open, callback_last_error';
    } else {
      sets.push('callback_last_error = :error');
      values[':error'] = delivery.error.slice(0, 512);
      if (delivery.kind === 'failed') {
        sets.push('callback_status = :failed');
        values[':failed'] = 'failed';
        remove = ' REMOVE #open';
      }
    }
    await ctx.doc.send(
      new UpdateCommand({
        TableName: ctx.table,
        Key: targetKey(target),
        UpdateExpression: `SET ${sets.join(', ')}${remove}`,
        ConditionExpression: 'attribute_exists(pk)',
        ...(remove !== '' && { ExpressionAttributeNames: { '#open': 'open' } }),
        ExpressionAttributeValues: values,
      }),
    ).catch((error: Error) => {
      // The record expired or was never written: nothing left to track.
      if (error.name !== 'ConditionalCheckFailedException') throw error;
    });
  },
});

export type CallbackStore = ReturnType<typeof createCallbackStore>;
