import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderArgsTable } from '../../lib/operations/argsTable';

describe('README', () => {
  it('carries the argument table rendered from the schemas', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const between = /<!-- args-table:start -->\n([\s\S]*?)\n<!-- args-table:end -->/.exec(readme)?.[1];
    expect(between).toBe(renderArgsTable());
  });
});
