import { type ErrorDetail, InvalidRequestError } from '../jobs/errors';
import type { JobStatus } from '../ledger/records';

const STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
export const OPS_LIST_LIMIT_DEFAULT = 50;
/** Views carry their args: 200 of them stay well inside a Lambda response. */
export const OPS_LIST_LIMIT_MAX = 200;
const WORKSPACE = /^[A-Za-z0-9_-]{1,64}$/;
const METHOD = /^[A-Za-z0-9_.]{1,64}$/;

type Query = Record<string, string | undefined>;

const parseLimit = (query: Query, details: ErrorDetail[], max: number, fallback: number): number => {
  const limit = query.limit === undefined ? fallback : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > max) details.push({ path: 'limit', message: `must be a whole number from 1 to ${max}` });
  return limit;
};

const checkCursor = (query: Query, details: ErrorDetail[]) => {
  if (query.cursor !== undefined && (query.cursor.length === 0 || query.cursor.length > 1024)) details.push({ path: 'cursor', message: 'must be a cursor this API gave out' });
};

const done = <T>(details: ErrorDetail[], value: T): T => {
  if (details.length > 0) throw new InvalidRequestError('Invalid query parameters', details);
  return value;
};

/** `?status=&workspace=&method=&limit=&cursor=` of `GET /v1/jobs`. */
export const parseJobListQuery = (query: Query) => {
  const details: ErrorDetail[] = [];
  const status = query.status as JobStatus | undefined;
  if (status !== undefined && !STATUSES.includes(status)) details.push({ path: 'status', message: `must be one of ${STATUSES.join(', ')}` });
  if (query.workspace !== undefined && !WORKSPACE.test(query.workspace)) details.push({ path: 'workspace', message: 'must be a workspace ID' });
  if (query.method !== undefined && !METHOD.test(query.method)) details.push({ path: 'method', message: 'must be a method name such as conversations.create' });
  const limit = parseLimit(query, details, OPS_LIST_LIMIT_MAX, OPS_LIST_LIMIT_DEFAULT);
  checkCursor(query, details);
  return done(details, { status, workspace: query.workspace, method: query.method, limit, cursor: query.cursor });
};

/** `?limit=&cursor=` of `GET /v1/batches`. */
export const parseBatchListQuery = (query: Query) => {
  const details: ErrorDetail[] = [];
  const limit = parseLimit(query, details, OPS_LIST_LIMIT_MAX, OPS_LIST_LIMIT_DEFAULT);
  checkCursor(query, details);
  return done(details, { limit, cursor: query.cursor });
};

/** `?limit=` of `GET /v1/dlq/{queue}`. */
export const parseDlqQuery = (query: Query, max: number) => {
  const details: ErrorDetail[] = [];
  const limit = parseLimit(query, details, max, max);
  return done(details, { limit });
};
