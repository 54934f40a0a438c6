import type { z } from 'zod';
import { CATALOGUE, JOB_METHODS, TIER_RATES } from './catalogue';

const unwrap = (schema: z.ZodType): z.ZodType => {
  const inner = (schema as unknown as { unwrap?: () => z.ZodType }).unwrap;
  return typeof inner === 'function' ? unwrap(inner.call(schema)) : schema;
};

const describe = (schema: z.ZodType): string => schema.description ?? unwrap(schema).description ?? '';
const code = (values: readonly string[] | undefined) => (values ?? []).map((value) => `\`${value}\``).join(', ');

/** The README's table of methods, rendered from the catalogue. */
export const renderMethodsTable = (): string => {
  const rows = ['| method | tier (calls/min) | effect | paginated (items) | "already done" | bot scopes | what it does |', '|---|---|---|---|---|---|---|'];
  for (const method of JOB_METHODS) {
    const entry = CATALOGUE[method];
    const pagination = 'pagination' in entry ? `\`${entry.pagination.itemsKey}\`` : '';
    const done = [code('alreadyDone' in entry ? entry.alreadyDone : undefined), 'compareFirst' in entry ? `unchanged ${entry.compareFirst.field}` : '', 'reconcile' in entry ? `\`name_taken\` checked (${entry.reconcile})` : '']
      .filter(Boolean)
      .join('; ');
    rows.push(`| \`${method}\` | ${entry.tier} (${TIER_RATES[entry.tier]}) | ${entry.effect} | ${pagination} | ${done} | ${entry.scopes} | ${entry.summary} |`);
  }
  return rows.join('\n');
};

/** The README's argument table, rendered from the schemas that validate jobs. */
export const renderArgsTable = (): string => {
  const rows = ['| method | argument | required | rule |', '|---|---|---|---|'];
  for (const method of JOB_METHODS) {
    const shape = (CATALOGUE[method].args as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    Object.entries(shape).forEach(([name, field], index) => {
      const required = field.safeParse(undefined).success ? 'no' : 'yes';
      const rule = describe(field).replace(/^Required\. /, '');
      rows.push(`| ${index === 0 ? `\`${method}\`` : ''} | \`${name}\` | ${required} | ${rule} |`);
    });
  }
  return rows.join('\n');
};
