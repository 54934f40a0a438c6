import { createInterface } from 'node:readline';

/** One line of a JSONL file: its 1-based number and the parsed value, or why it could not be read. */
export type JsonlRecord = { line: number; value: unknown } | { line: number; error: string };

/** The JSON value of each non-blank line, one line in memory at a time. */
export async function* readJsonlRecords(input: NodeJS.ReadableStream): AsyncGenerator<JsonlRecord> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') continue;
    try {
      yield { line, value: JSON.parse(trimmed) };
    } catch (error) {
      yield { line, error: `is not JSON (${(error as Error).message})` };
    }
  }
}
