// ClickHouse DateTime64(3,'UTC') text <-> ISO instants.

/** '2026-11-03 16:42:16.000' (UTC, as ClickHouse prints it) -> '2026-11-03T16:42:16.000Z'. */
export function chToIso(value: string | null | undefined): string | null {
  if (!value) return null;
  return `${value.replace(' ', 'T')}${value.includes('.') ? '' : '.000'}Z`;
}

/** A Date or ISO instant -> the text a {name:DateTime64(3,'UTC')} parameter accepts. */
export function toChTime(value: Date | string): string {
  const d = typeof value === 'string' ? new Date(value) : value;
  return d.toISOString().replace('T', ' ').replace('Z', '');
}
