import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeMessage } from './decode-message';

const Ping = z.object({ n: z.number().int(), note: z.string().default('') }).strict();

describe('decodeMessage', () => {
  it('parses JSON and applies the schema (defaults included)', () => {
    expect(decodeMessage(Ping, '{"n":3}')).toEqual({ ok: true, value: { n: 3, note: '' } });
  });

  it('names invalid JSON', () => {
    const result = decodeMessage(Ping, '{"n":');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_json');
      expect(result.error.retriable).toBe(false);
    }
  });

  it('names every invalid field with its path', () => {
    const result = decodeMessage(Ping, '{"n":"three","extra":1}');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_shape');
      expect(result.error.message).toContain('n:');
      expect(result.error.message).toContain('extra');
    }
  });

  it('treats a missing value as an error, not as null', () => {
    const result = decodeMessage(Ping, null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('empty_value');
  });
});
