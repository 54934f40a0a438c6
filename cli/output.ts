import { styleText } from 'node:util';
import type { CliError } from './errors';

/** Where the CLI writes and what it knows of its terminal. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
}

type Style = 'green' | 'red' | 'yellow' | 'cyan' | 'dim' | 'bold';

/**
 * Human output on a terminal (colours, bars), plain lines when stdout is not one, and one JSON
 * document (or JSON lines, for progress events) with --json.
 */
export class Output {
  readonly json: boolean;
  /** Bars and colours: stdout is a terminal and --json was not asked for. */
  readonly interactive: boolean;
  private readonly colours: boolean;

  constructor(
    readonly io: Io,
    options: { json: boolean },
  ) {
    this.json = options.json;
    this.interactive = !this.json && io.stdout.isTTY === true;
    this.colours = this.interactive && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  }

  /** A line on stdout. */
  line(text = ''): void {
    this.io.stdout.write(`${text}\n`);
  }

  /** A line on stderr (notes that are not the command's output). */
  note(text: string): void {
    this.io.stderr.write(`${text}\n`);
  }

  /** One JSON document (or one JSON line of a stream) on stdout. */
  document(value: unknown): void {
    this.io.stdout.write(`${JSON.stringify(value)}\n`);
  }

  style(style: Style, text: string): string {
    return this.colours ? styleText(style, text) : text;
  }

  /** A status word, coloured by what it means. */
  status(status: string): string {
    if (status === 'succeeded' || status === 'done' || status === 'delivered') return this.style('green', status);
    if (status === 'failed' || status === 'cancelled') return this.style('red', status);
    return this.style('yellow', status);
  }

  /** `name  value` lines, names aligned; undefined values are left out. */
  fields(rows: readonly (readonly [string, string | undefined])[]): void {
    const present = rows.filter((row): row is readonly [string, string] => row[1] !== undefined);
    const width = Math.max(0, ...present.map(([name]) => name.length));
    for (const [name, value] of present) this.line(`${this.style('dim', name.padEnd(width))}  ${value}`);
  }

  /** A plain table: a header row and columns padded to their widest cell. */
  table(headers: readonly string[], rows: readonly (readonly string[])[]): void {
    const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
    const format = (cells: readonly string[]) => cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]))).join('  ');
    this.line(this.style('bold', format(headers)));
    for (const row of rows) this.line(format(row));
  }

  /** `error <code>: <message>` and its details on stderr, or the API's error document with --json. */
  error(error: CliError): void {
    const details = error.details.map(({ path, message }) => ({ path, message }));
    if (this.json) {
      this.document({ error: { code: error.code, message: error.message, ...(details.length > 0 && { details }) } });
      return;
    }
    this.note(`${this.colours ? styleText('red', 'error') : 'error'} ${error.code}: ${error.message}`);
    for (const { path, message } of details) this.note(`  ${path === '' ? '' : `${path}: `}${message}`);
  }
}
