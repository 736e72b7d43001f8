// Applies the SQL migrations in order; every statement is idempotent, and applied files are recorded.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from './clickhouse';

export const coreMigrationsDir = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Applies every *.sql file of the given folders, ordered by file name across folders. */
export async function migrate(store: Store, dirs: string[] = [coreMigrationsDir]): Promise<string[]> {
  await store.command(
    'CREATE TABLE IF NOT EXISTS schema_migrations (name String, applied_at DateTime64(3, \'UTC\')) ENGINE = ReplacingMergeTree ORDER BY name',
  );
  const applied = new Set(
    (await store.query<{ name: string }>('SELECT name FROM schema_migrations FINAL')).map((r) => r.name),
  );
  const files = dirs
    .flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.sql')).map((f) => ({ name: f, path: join(dir, f) })))
    .sort((a, b) => a.name.localeCompare(b.name));
  const done: string[] = [];
  for (const file of files) {
    if (applied.has(file.name)) continue;
    for (const statement of splitStatements(readFileSync(file.path, 'utf8'))) {
      await store.command(statement);
    }
    await store.insert('schema_migrations', [{ name: file.name, applied_at: new Date().toISOString() }]);
    done.push(file.name);
  }
  return done;
}
