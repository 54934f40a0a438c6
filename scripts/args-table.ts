import { renderArgsTable } from '../lib/operations/argsTable';

// Prints the argument table that README.md carries between its args-table markers.
console.log(renderArgsTable());
