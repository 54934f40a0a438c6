import type { z } from 'zod';
import { METHOD_SPECS, TIER_RATES, SUPPORTED_METHODS } from './methods';
import { ARGS_SCHEMAS } from './schemas';

const unwrap = (schema: z.ZodType): z.ZodType => {
  const inner = (schema as unknown as { unwrap?: () => z.ZodType }).unwrap;
  return typeof inner === 'function' ? unwrap(inner.call(schema)) : schema;
};

const describe = (schema: z.ZodType): string => schema.description ?? unwrap(schema).description ?? '';

/** The README's argument table, rendered from the schemas that validate jobs. */
export const renderArgsTable = (): string => {
  const rows = ['| method | tier (calls/min) | argument | required | rule |', '|---|---|---|---|---|'];
  for (const method of SUPPORTED_METHODS) {
    const shape = (ARGS_SCHEMAS[method] as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    const tier = METHOD_SPECS[method].tier;
    Object.entries(shape).forEach(([name, field], index) => {
      const required = field.safeParse(undefined).success ? 'no' : 'yes';
      const rule = describe(field).replace(/^Required\. /, '');
      rows.push(`| ${index === 0 ? `\`${method}\`` : ''} | ${index === 0 ? `${tier} (${TIER_RATES[tier]})` : ''} | \`${name}\` | ${required} | ${rule} |`);
    });
  }
  return rows.join('\n');
};
