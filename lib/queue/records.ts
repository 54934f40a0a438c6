import type { SQSRecord } from 'aws-lambda';

export const receiveCount = (record: SQSRecord): number => Math.max(1, Number(record.attributes.ApproximateReceiveCount) || 1);

/** Records by FIFO message group, each group in delivery order (a standard queue's records are one group each). */
export const groupRecords = (records: SQSRecord[]): SQSRecord[][] => {
  const groups = new Map<string, SQSRecord[]>();
  for (const record of records) {
    const key = record.attributes.MessageGroupId ?? record.messageId;
    groups.set(key, [...(groups.get(key) ?? []), record]);
  }
  return [...groups.values()];
};
