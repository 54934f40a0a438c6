import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { validateJob } from '../../lib/jobs/validate';
import { WORKSPACE_ID_PATTERN } from '../../lib/workspaces/access';
import { argShapeOf, typedValue } from '../argValues';
import { UsageError } from '../errors';
import { readCsvRecords } from './csv';
import { readJsonlRecords } from './jsonl';

/** One job of a bulk file, as it goes into POST /v1/jobs/batch (the CLI adds its idempotency key). */
export interface BulkJob {
  method: string;
  args: Record<string, unknown>;
  paginate?: boolean;
  max_items?: number;
  callback_url?: string;
  workspace?: string;
}

/** What applies to every line that does not say otherwise. */
export interface BulkDefaults {
  method?: string;
  workspace?: string;
}

/** A line of a bulk file: its job, or what is wrong with it. */
export type JobLine = { line: number; ok: true; job: BulkJob } | { line: number; ok: false; problems: string[] };

export type BulkFormat = 'jsonl' | 'csv';

/** `.csv` is CSV; `.jsonl`, `.ndjson` and `.json` are JSON lines. */
export const formatOf = (path: string): BulkFormat => {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  throw new UsageError(`${path}: a bulk file must end in .csv or .jsonl`);
};

/** Fields a JSONL line may carry beside `args` (its own idempotency key is the CLI's). */
const ENVELOPE_KEYS = new Set(['method', 'args', 'paginate', 'max_items', 'callback_url', 'workspace']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks a job the way the API will (the catalogue's schemas), so a bad line is found before
 * anything is sent. The workspace, which the API checks itself, only for its shape.
 */
export const checkBulkJob = (job: BulkJob): string[] => {
  const problems: string[] = [];
  if (job.workspace !== undefined && !WORKSPACE_ID_PATTERN.test(job.workspace)) problems.push('workspace: must be a workspace ID such as T0123456789 (T…, or E… for an org)');
  const { workspace: _workspace, callback_url: callbackUrl, ...rest } = job;
  if (callbackUrl !== undefined && typeof callbackUrl !== 'string') problems.push('callback_url: must be a string');
  const result = validateJob(rest, { allowPrivate: true });
  if (!result.ok) problems.push(...result.details.map(({ path, message }) => (path === '' ? message : `${path}: ${message}`)));
  return problems;
};

const missingMethod = 'method: is required (a "method" field or column, or --method)';

/** A JSONL line: `{"method"?, "args", …}` (an envelope: it has `args`) or a plain args object with --method. */
export const jobFromJsonl = (value: unknown, defaults: BulkDefaults): BulkJob | string[] => {
  if (!isObject(value)) return ['must be a JSON object: {"method", "args"} or the arguments themselves'];
  if (!isObject(value.args)) {
    if (defaults.method === undefined) return [missingMethod];
    return { method: defaults.method, args: value, ...(defaults.workspace !== undefined && { workspace: defaults.workspace }) };
  }
  const unknown = Object.keys(value).filter((key) => !ENVELOPE_KEYS.has(key));
  if (unknown.length > 0) return unknown.map((key) => `${key}: is not a known field (a line holds method, args, paginate, max_items, callback_url, workspace)`);
  const method = value.method ?? defaults.method;
  if (method === undefined) return [missingMethod];
  if (typeof method !== 'string') return ['method: must be a string'];
  const workspace = value.workspace ?? defaults.workspace;
  if (workspace !== undefined && typeof workspace !== 'string') return ['workspace: must be a string'];
  return {
    method,
    args: value.args,
    ...(value.paginate !== undefined && { paginate: value.paginate as boolean }),
    ...(value.max_items !== undefined && { max_items: value.max_items as number }),
    ...(value.callback_url !== undefined && { callback_url: value.callback_url as string }),
    ...(workspace !== undefined && { workspace }),
  };
};

/** Columns of a CSV file that are not arguments. */
const CSV_RESERVED = new Set(['method', 'workspace']);

/**
 * A CSV row: each column an argument of that name, an empty cell left out, each value typed by the
 * method's schema (see typedValue: `U1 U2`, `U1|U2` or `"U1,U2"` for a list). Optional `method` and
 * `workspace` columns override --method and --workspace per row.
 */
export const jobFromCsv = (cells: Readonly<Record<string, string>>, defaults: BulkDefaults): BulkJob | string[] => {
  const method = cells.method?.trim() || defaults.method;
  if (method === undefined) return [missingMethod];
  const workspace = cells.workspace?.trim() || defaults.workspace;
  const shape = argShapeOf(method);
  const args: Record<string, unknown> = {};
  for (const [name, cell] of Object.entries(cells)) {
    if (CSV_RESERVED.has(name) || cell.trim() === '') continue;
    args[name] = typedValue(cell.trim(), shape?.[name]);
  }
  return { method, args, ...(workspace !== undefined && { workspace }) };
};

const toJobLine = (line: number, job: BulkJob | string[]): JobLine => {
  if (Array.isArray(job)) return { line, ok: false, problems: job };
  const problems = checkBulkJob(job);
  return problems.length > 0 ? { line, ok: false, problems } : { line, ok: true, job };
};

/** Every line of a JSONL or CSV stream as a checked job, in file order, one line in memory at a time. */
export async function* readJobLines(input: NodeJS.ReadableStream, format: BulkFormat, defaults: BulkDefaults): AsyncGenerator<JobLine> {
  if (format === 'jsonl') {
    for await (const record of readJsonlRecords(input)) {
      yield 'error' in record ? { line: record.line, ok: false, problems: [record.error] } : toJobLine(record.line, jobFromJsonl(record.value, defaults));
    }
    return;
  }
  for await (const record of readCsvRecords(input)) {
    yield 'error' in record ? { line: record.line, ok: false, problems: [record.error] } : toJobLine(record.line, jobFromCsv(record.cells, defaults));
  }
}

/** readJobLines over a file. */
export const readJobFile = (path: string, defaults: BulkDefaults): AsyncGenerator<JobLine> => readJobLines(createReadStream(path), formatOf(path), defaults);
