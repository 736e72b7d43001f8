// Rows as JSONEachRow text, the form chDB takes them in.

/** Rows as JSONEachRow lines, joined once (a flat string, not a chain of pieces the engine's call would copy again). */
export function encodeRows(rows: readonly object[]): string {
  const lines = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) lines[i] = JSON.stringify(rows[i]);
  return lines.join('\n');
}
