import type { z } from 'zod';
import { entryOf, type JobMethod } from '../catalogue/catalogue';
import { findUnsafeStrings } from '../jobs/queueSafe';
import { zodDetails } from '../jobs/validate';
import type { ErrorDetail } from '../jobs/errors';
import type { SlackParams } from './params';

/** What a field of a method's schema takes, as far as turning a form's strings into it goes. */
export type FieldKind = 'boolean' | 'number' | 'object' | 'list' | 'string';

/** Fields that are never arguments: the token is the API key here, and Slack ignores the rest. */
const NOT_ARGUMENTS = new Set(['token']);

interface ZodInternals {
  _zod: { def: { type: string; innerType?: ZodInternals } };
}

/** The field's own type, through optional, default and nullable wrappers. */
const baseType = (schema: ZodInternals): string => {
  const { def } = schema._zod;
  if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) return baseType(def.innerType);
  return def.type;
};

const kindOf = (schema: ZodInternals): FieldKind => {
  const type = baseType(schema);
  if (type === 'boolean') return 'boolean';
  if (type === 'number') return 'number';
  if (type === 'object') return 'object';
  // The catalogue's lists take an array or a comma-separated string through a pipe (listOf).
  if (type === 'pipe') return 'list';
  return 'string';
};

const kindsCache = new Map<JobMethod, ReadonlyMap<string, FieldKind>>();

/** Each argument of a method and what it takes, read from the catalogue's schema (once per method). */
export const fieldKinds = (method: JobMethod): ReadonlyMap<string, FieldKind> => {
  let kinds = kindsCache.get(method);
  if (!kinds) {
    const shape = (entryOf(method).args as unknown as z.ZodObject).shape as unknown as Record<string, ZodInternals>;
    kinds = new Map(Object.entries(shape).map(([name, field]) => [name, kindOf(field)]));
    kindsCache.set(method, kinds);
  }
  return kinds;
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * A form sends every value as a string: `true`/`1`, `100`, `{"type": …}`, and lists either as
 * Slack's comma-separated strings (kept: the schema splits them) or as a JSON array (what
 * @slack/web-api sends for an array argument). A value that does not read as its kind is left as
 * it is, for the schema to refuse with its own message.
 */
export const coerceValue = (kind: FieldKind, value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  switch (kind) {
    case 'boolean':
      return value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
    case 'object':
      return value.trim().startsWith('{') ? (parseJson(value) ?? value) : value;
    case 'list': {
      if (!value.trim().startsWith('[')) return value;
      const parsed = parseJson(value);
      return Array.isArray(parsed) ? parsed : value;
    }
    default:
      return value;
  }
};

export type ArgsResult = { ok: true; args: Record<string, unknown> } | { ok: false; messages: string[] };

/** Slack's way of naming a refused field: `[ERROR] <why> [json-pointer:/<field>]`. */
const slackMessage = ({ path, message }: ErrorDetail): string => {
  const pointer = path === '' ? '' : ` [json-pointer:/${path.replace(/\[(\d+)\]/g, '.$1').replace(/\./g, '/')}]`;
  return `[ERROR] ${path === '' ? '' : `${path} `}${message}${pointer}`;
};

/**
 * The job's arguments from a Slack request's fields, checked by the catalogue's schema: the token
 * dropped, `team_id` kept only for methods that take it (it chose the workspace), empty values
 * dropped (Slack treats `cursor=` as no cursor), strings read as their field's kind.
 */
export const toJobArgs = (method: JobMethod, params: SlackParams): ArgsResult => {
  const kinds = fieldKinds(method);
  const input: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (NOT_ARGUMENTS.has(name) || value === '' || value === null || value === undefined) continue;
    if (name === 'team_id' && !kinds.has(name)) continue;
    input[name] = coerceValue(kinds.get(name) ?? 'string', value);
  }
  // The queue carries only what SQS takes; refused here rather than lost later.
  const unsafe = findUnsafeStrings(input);
  if (unsafe.length > 0) return { ok: false, messages: unsafe.map(slackMessage) };
  const parsed = entryOf(method).args.safeParse(input);
  if (!parsed.success) return { ok: false, messages: zodDetails(parsed.error).map(slackMessage) };
  return { ok: true, args: parsed.data as Record<string, unknown> };
};
