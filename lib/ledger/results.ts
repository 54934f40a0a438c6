import { gunzipSync, gzipSync } from 'node:zlib';
import type { StoredResponse } from './records';

/** Results up to this size are kept as JSON text in the job item. */
export const INLINE_RESULT_MAX_BYTES = 64 * 1024;
/** Compressed results are cut into parts that each fit a DynamoDB item (400 KB) with room to spare. */
export const RESULT_PART_MAX_BYTES = 300 * 1024;

/** How a result is stored: inline JSON, one compressed blob, or compressed parts in items of their own. */
export type StoredResult =
  | { kind: 'inline'; json: string }
  | { kind: 'compressed'; gz: Uint8Array }
  | { kind: 'parts'; parts: Uint8Array[] };

export const encodeResult = (result: StoredResponse): StoredResult => {
  const json = JSON.stringify(result);
  if (Buffer.byteLength(json) <= INLINE_RESULT_MAX_BYTES) return { kind: 'inline', json };
  const gz = gzipSync(json);
  if (gz.byteLength <= RESULT_PART_MAX_BYTES) return { kind: 'compressed', gz };
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < gz.byteLength; offset += RESULT_PART_MAX_BYTES) parts.push(gz.subarray(offset, offset + RESULT_PART_MAX_BYTES));
  return { kind: 'parts', parts };
};

export const decodeCompressed = (chunks: Uint8Array[]): StoredResponse =>
  JSON.parse(gunzipSync(Buffer.concat(chunks.map((chunk) => Buffer.from(chunk)))).toString('utf8')) as StoredResponse;
