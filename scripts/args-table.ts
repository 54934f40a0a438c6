import { renderArgsTable, renderMethodsTable } from '../lib/catalogue/docs';

// Prints the tables that README.md carries between its methods-table and args-table markers.
console.log(`${renderMethodsTable()}\n\n${renderArgsTable()}`);
