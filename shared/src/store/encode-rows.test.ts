import { describe, expect, it } from 'vitest';
import { encodeRows, joinEncodedRows } from './encode-rows';

describe('encodeRows', () => {
  it('gives the rows as UTF-8 JSON objects separated by commas, without brackets', () => {
    const encoded = encodeRows([{ a: 1, text: 'Нет воды' }, { a: 2, text: 'line\nbreak "quoted"' }]);
    expect(Buffer.isBuffer(encoded)).toBe(true);
    expect(encoded.toString('utf8')).toBe('{"a":1,"text":"Нет воды"},{"a":2,"text":"line\\nbreak \\"quoted\\""}');
    expect(JSON.parse(`[${encoded.toString('utf8')}]`)).toHaveLength(2);
  });

  it('gives nothing for no rows, and throws for a row JSON cannot carry', () => {
    expect(encodeRows([]).length).toBe(0);
    expect(() => encodeRows([{ n: 1n }])).toThrow();
  });
});

describe('joinEncodedRows', () => {
  it('joins several callers\' rows with commas, skipping empty ones, and passes one through as it is', () => {
    const one = encodeRows([{ a: 1 }]);
    expect(joinEncodedRows([one])).toBe(one);
    const joined = joinEncodedRows([one, encodeRows([]), encodeRows([{ a: 2 }, { a: 3 }])]);
    expect(JSON.parse(`[${joined.toString('utf8')}]`)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
  });
});
