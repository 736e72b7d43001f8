// Input validation with zod: a failure becomes a 400 naming each bad field.
import type { ZodType } from 'zod';
import { apiError } from '../errors';

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Strings with every unpaired surrogate replaced by U+FFFD, at any depth. JSON bodies can carry them ("\udc00"),
 * and written to the store they would become invalid UTF-8 that reads back as three replacement characters.
 */
export function wellFormedInput(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return value.replace(loneSurrogate, '\ufffd');
  if (depth > 32 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => wellFormedInput(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormedInput(k, depth + 1) as string, wellFormedInput(v, depth + 1)]));
}

export function parseInput<T>(schema: ZodType<T>, data: unknown, where: string): T {
  const result = schema.safeParse(wellFormedInput(data ?? {}));
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${where}.${i.path.join('.') || '(root)'}: ${i.message}`);
  throw apiError('BAD_REQUEST', issues.join('; '), issues);
}
