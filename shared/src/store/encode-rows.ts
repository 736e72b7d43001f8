// Rows as JSONEachRow input, the form chDB takes them in.

const comma = Buffer.from(',');

/**
 * Rows as JSONEachRow input in UTF-8: the objects separated by commas, which ClickHouse reads as one row each. One
 * JSON.stringify of the whole array instead of one per row and a join, and bytes outside the JS heap, which chDB
 * reads without another copy.
 */
export function encodeRows(rows: readonly object[]): Buffer {
  if (rows.length === 0) return Buffer.alloc(0);
  const bytes = Buffer.from(JSON.stringify(rows));
  // Without the array's brackets, so that encoded rows of several callers join with a comma.
  return bytes.subarray(1, bytes.length - 1);
}

/** Several callers' encoded rows as one input. */
export function joinEncodedRows(parts: readonly Buffer[]): Buffer {
  if (parts.length === 1) return parts[0]!;
  const pieces: Buffer[] = [];
  for (const part of parts) {
    if (part.length === 0) continue;
    if (pieces.length > 0) pieces.push(comma);
    pieces.push(part);
  }
  return Buffer.concat(pieces);
}
