export const IDEMPOTENCY_KEY_MAX = 128;
export const MAX_ITEMS_DEFAULT = 10_000;
export const MAX_ITEMS_LIMIT = 10_000;
export const BATCH_MAX_JOBS = 1000;
