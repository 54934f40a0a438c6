import type { PaceRecord, PaceStore } from '../ledger/pacingStore';

/**
 * Pacing windows in this process's memory, with the ledger store's versioned writes: for one
 * process that runs every batch (the local stack's fast path) and for tests.
 */
export const createMemoryPaceStore = (): PaceStore & { list: () => PaceRecord[] } => {
  const records = new Map<string, PaceRecord>();
  return {
    read: async (group) => {
      const record = records.get(group);
      return record && structuredClone(record);
    },
    write: async (record, expectedVersion) => {
      if ((records.get(record.group)?.version ?? 0) !== expectedVersion) return false;
      records.set(record.group, { ...structuredClone(record), version: expectedVersion + 1 });
      return true;
    },
    list: () => [...records.values()].map((record) => structuredClone(record)),
  };
};
