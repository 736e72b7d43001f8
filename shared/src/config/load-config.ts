// Parses configuration once, from the environment and files, with errors that name the bad key and why.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { ZodType } from 'zod';

export class ConfigError extends Error {
  constructor(readonly issues: string[], origin: string) {
    super(`invalid configuration (${origin}):\n  ${issues.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: ConfigError };

/** Validates plain data against a schema; every issue reads "key.path: why". */
export function parseConfig<T>(schema: ZodType<T>, data: unknown, origin: string): Parsed<T> {
  const result = schema.safeParse(data);
  if (result.success) return { ok: true, value: result.data };
  const issues = result.error.issues.map((issue) => {
    const key = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${key}: ${issue.message}`;
  });
  return { ok: false, error: new ConfigError(issues, origin) };
}

/** Reads a JSON or YAML file and validates it. Throws ConfigError with every bad key. */
export function loadConfigFile<T>(schema: ZodType<T>, path: string): T {
  let data: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    data = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`(file): cannot read ${path}: ${(error as Error).message}`], path);
  }
  const parsed = parseConfig(schema, data, path);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Validates the environment against a schema of env var names. Throws ConfigError naming each bad variable. */
export function loadEnv<T>(schema: ZodType<T>, env: NodeJS.ProcessEnv = process.env): T {
  const parsed = parseConfig(schema, env, 'environment');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}
