import { createHash } from 'node:crypto';
import type { JobRequest } from './types';

/** JSON with object keys sorted, so that equal requests hash equally whatever their key order. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/**
 * What makes two requests "the same" for an idempotency key: method, normalised args, callback,
 * pagination, and whether Slack's raw answer is wanted (/slack/api) or the catalogue's handling.
 */
export const requestHash = (request: Pick<JobRequest, 'method' | 'args' | 'callback_url' | 'paginate' | 'max_items' | 'raw'>): string =>
  createHash('sha256')
    .update(canonical({ method: request.method, args: request.args, callback_url: request.callback_url, paginate: request.paginate, max_items: request.max_items, raw: request.raw }))
    .digest('base64url');
