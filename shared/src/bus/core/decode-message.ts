// Bytes to a typed message: JSON, then the subscription's schema. A failure is a value with the reason,
// which the bus turns into a dead-letter record.
import type { ZodType } from 'zod';
import type { Result } from '../../result';

export type DecodeErrorCode = 'empty_value' | 'invalid_json' | 'invalid_shape';

export interface DecodeError {
  code: DecodeErrorCode;
  /** Never: the same bytes fail the same way on every attempt. */
  retriable: false;
  message: string;
}

const decodeError = (code: DecodeErrorCode, message: string): { ok: false; error: DecodeError } => ({
  ok: false,
  error: { code, retriable: false, message },
});

export function decodeMessage<T>(schema: ZodType<T>, text: string | null): Result<T, DecodeError> {
  if (text === null || text.length === 0) return decodeError('empty_value', 'empty_value: the message has no value');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return decodeError('invalid_json', `invalid_json: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  return decodeError('invalid_shape', `invalid_shape: ${issues.join('; ')}`);
}
