// CSV for reports: semicolons and a BOM, as Russian-locale spreadsheets expect; no formula injection.

export type CsvCell = string | number | boolean | null | undefined;

function cell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value).replace('.', ',') : String(value);
  // A cell starting with = + - @ (or their fullwidth forms, which some spreadsheet locales convert) would run as a
  // formula in a spreadsheet (CSV injection); so would one starting with a tab, CR or LF before them.
  if (typeof value === 'string' && /^[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/u.test(text)) text = `'${text}`;
  return /[;"\n\r]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [header.map(cell).join(';'), ...rows.map((r) => r.map(cell).join(';'))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
