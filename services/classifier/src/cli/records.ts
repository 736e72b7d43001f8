// Reading dev.jsonl-format records: one JSON object per line; a bad line is reported, never silently dropped.
import type { EvalRecord } from '../core/annotate';

export interface ParsedLines<T> { records: T[]; errors: Array<{ line: number; error: string }> }

export function parseJsonLines<T = EvalRecord>(text: string, check: (v: unknown) => v is T): ParsedLines<T> {
  const records: T[] = [];
  const errors: ParsedLines<T>['errors'] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    try {
      const v: unknown = JSON.parse(line);
      if (check(v)) records.push(v);
      else errors.push({ line: i + 1, error: 'not a record with "id" and "text"' });
    } catch (e) {
      errors.push({ line: i + 1, error: (e as Error).message });
    }
  });
  return { records, errors };
}

export const isEvalRecord = (v: unknown): v is EvalRecord =>
  typeof v === 'object' && v !== null && typeof (v as EvalRecord).id === 'string' && typeof (v as EvalRecord).text === 'string';
