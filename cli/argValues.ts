import type { z } from 'zod';
import { entryOf, isJobMethod } from '../lib/catalogue/catalogue';
import { UsageError } from './errors';

/** A method's argument schemas by name, from the catalogue; undefined for a method it does not know. */
export type ArgShape = Readonly<Record<string, z.ZodType>> | undefined;

export const argShapeOf = (method: string): ArgShape =>
  isJobMethod(method) ? ((entryOf(method).args as unknown as z.ZodObject).shape as Record<string, z.ZodType>) : undefined;

const parseJson = (text: string): { ok: true; value: unknown } | { ok: false } => {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
};

/** A list written with spaces, `|` or commas between its entries. */
export const splitList = (text: string): string[] => text.split(/[\s|,]+/).filter((part) => part !== '');

/**
 * The value a typed text stands for. With the argument's schema (from the catalogue) the first
 * reading it accepts wins: the text as JSON (`true`, `100`, `["U1","U2"]`), a list split on spaces,
 * `|` or commas (`U1 U2`, `U1|U2`, `U1,U2`), then the text itself. Without a schema: JSON when it parses,
 * else the text. When no reading fits, the one whose only problems are its entries (so validation
 * names the bad entry), else the text.
 */
export const typedValue = (text: string, schema?: z.ZodType): unknown => {
  const json = parseJson(text);
  if (schema === undefined) return json.ok ? json.value : text;
  const list = splitList(text);
  const candidates: unknown[] = [...(json.ok ? [json.value] : []), ...(list.length > 1 ? [list] : []), text, list];
  const accepted = candidates.find((candidate) => schema.safeParse(candidate).success);
  if (accepted !== undefined) return accepted;
  // None fits: the reading whose only problems are inside it (a bad list entry), so the error names the entry.
  const inside = [...(list.length > 1 ? [list] : []), ...(json.ok ? [json.value] : [])];
  return inside.find((candidate) => schema.safeParse(candidate).error?.issues.every((issue) => issue.path.length > 0)) ?? text;
};

/** `key=value` words as an object, each value typed by `typedValue`; a word without `=` is a usage error. */
export const parseKeyValues = (words: readonly string[], shape: ArgShape): Record<string, unknown> => {
  const args: Record<string, unknown> = {};
  for (const word of words) {
    const at = word.indexOf('=');
    if (at <= 0) throw new UsageError(`"${word}" is not key=value`);
    const key = word.slice(0, at);
    if (Object.hasOwn(args, key)) throw new UsageError(`${key} is given twice`);
    args[key] = typedValue(word.slice(at + 1), shape?.[key]);
  }
  return args;
};
