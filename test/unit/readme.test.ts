import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderArgsTable, renderMethodsTable } from '../../lib/catalogue/docs';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const between = (marker: string) => new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(readme)?.[1];

describe('README', () => {
  it('carries the methods table rendered from the catalogue', () => {
    expect(between('methods-table')).toBe(renderMethodsTable());
  });

  it('carries the argument table rendered from the schemas', () => {
    expect(between('args-table')).toBe(renderArgsTable());
  });
});
