// Input validation with zod: a failure becomes a 400 naming each bad field.
import type { ZodType } from 'zod';
import { apiError } from '../errors';

export function parseInput<T>(schema: ZodType<T>, data: unknown, where: string): T {
  const result = schema.safeParse(data ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${where}.${i.path.join('.') || '(root)'}: ${i.message}`);
  throw apiError('BAD_REQUEST', issues.join('; '), issues);
}
