import { parse } from 'csv-parse';

/** One data row of a CSV file: its 1-based line, its cells by header name, or why it could not be read. */
export type CsvRecord = { line: number; cells: Record<string, string> } | { line: number; error: string };

/** Line breaks inside a record's quoted cells (CRLF, LF or CR, each one break). */
const breaksIn = (cells: readonly string[]): number => cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
/** csv-parse counts a CRLF inside quotes as two lines: how many of those a record holds. */
const quotedCrlfs = (cells: readonly string[]): number => cells.reduce((sum, cell) => sum + (cell.match(/\r\n/g)?.length ?? 0), 0);

const checkHeader = (header: readonly string[]): string | undefined => {
  const names = header.map((name) => name.trim());
  if (names.some((name) => name === '')) return 'has an empty column name';
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice !== undefined) return `names the column "${twice}" twice`;
  return undefined;
};

/**
 * The rows of a CSV file whose first line names the columns, streamed. A row with another number
 * of cells than the header is reported by line and the rest still read; quoting the file breaks
 * (an unclosed quote) ends the reading with that line.
 */
export async function* readCsvRecords(input: NodeJS.ReadableStream): AsyncGenerator<CsvRecord> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true }));
  let header: string[] | undefined;
  // The parser's line count runs ahead by one for every quoted CRLF so far.
  let skew = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      skew += quotedCrlfs(record);
      const line = info.lines - skew - breaksIn(record);
      if (header === undefined) {
        const problem = checkHeader(record);
        if (problem !== undefined) {
          yield { line, error: `the header ${problem}` };
          return;
        }
        header = record.map((name) => name.trim());
        continue;
      }
      if (record.length !== header.length) {
        yield { line, error: `has ${record.length} cells where the header names ${header.length} columns` };
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, column) => {
        cells[name] = record[column];
      });
      yield { line, cells };
    }
  } catch (error) {
    const at = (error as { lines?: number }).lines;
    yield { line: at ?? 0, error: `cannot be read as CSV: ${(error as Error).message}` };
    return;
  }
  if (header === undefined) yield { line: 1, error: 'the file has no header line naming its columns' };
}
