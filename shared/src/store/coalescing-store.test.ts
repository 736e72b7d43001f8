import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './clickhouse';
import type { CoalescingStats } from './coalescing-store';

describe('coalescing store on chDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coalesce-test-'));
  let store: Store & { coalescing?: CoalescingStats };
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    await store.command('CREATE TABLE t (caller String, n UInt32, at DateTime64(3, \'UTC\')) ENGINE = MergeTree ORDER BY (caller, n)');
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = (caller: string, count: number) =>
    Array.from({ length: count }, (_, n) => ({ caller, n, at: '2026-11-03T19:42:16+03:00' }));
  const count = async (caller: string) =>
    Number((await store.query<{ n: number }>('SELECT count() AS n FROM t WHERE caller = {caller:String}', { caller }))[0]?.n);

  it('is on by default for chDB and merges concurrent inserts into one table', async () => {
    expect(store.coalescing).toBeDefined();
    const before = { ...store.coalescing! };
    // A query keeps the store busy while ten callers ask to insert: they go out together afterwards.
    await Promise.all([
      store.query('SELECT sleep(0.2)'),
      ...Array.from({ length: 10 }, (_, i) => store.insert('t', rows(`a${i}`, 3))),
    ]);
    const calls = store.coalescing!.insertCalls - before.insertCalls;
    const statements = store.coalescing!.insertStatements - before.insertStatements;
    expect(calls).toBe(10);
    expect(statements).toBeLessThan(calls);
    for (let i = 0; i < 10; i++) expect(await count(`a${i}`)).toBe(3);
  });

  it('resolves each caller only after its rows are written (a read right after sees them)', async () => {
    await Promise.all(Array.from({ length: 5 }, async (_, i) => {
      await store.insert('t', rows(`b${i}`, 2));
      expect(await count(`b${i}`)).toBe(2);
    }));
  });

  it('fails only the caller whose rows are bad when a merged insert fails', async () => {
    const bad = [{ caller: 'bad', n: 'not a number', at: 'not a date' }];
    const results = await Promise.allSettled([
      store.query('SELECT sleep(0.2)'),
      store.insert('t', rows('c1', 2)),
      store.insert('t', bad),
      store.insert('t', rows('c2', 2)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await count('c1')).toBe(2);
    expect(await count('c2')).toBe(2);
    expect(await count('bad')).toBe(0);
  });

  it('encodes a caller\'s rows at its call, while the store is busy: rows changed afterwards are written as they were', async () => {
    const mine = rows('d1', 2);
    const written = store.insert('t', mine);
    mine.push({ caller: 'd1', n: 99, at: '2026-11-03T19:42:16+03:00' });
    mine[0]!.caller = 'changed';
    await written;
    expect(await count('d1')).toBe(2);
    expect(await count('changed')).toBe(0);
  });

  it('fails at once only the caller whose rows cannot be encoded as JSON', async () => {
    const cyclic: Record<string, unknown> = { caller: 'e-bad', n: 1 };
    cyclic.self = cyclic;
    const results = await Promise.allSettled([
      store.query('SELECT sleep(0.1)'),
      store.insert('t', rows('e1', 2)),
      store.insert('t', [cyclic]),
      store.insert('t', [{ caller: 'e-big', n: 1n }]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    expect(await count('e1')).toBe(2);
  });

  it('keeps the answers of queries and commands in their order and passes their errors on', async () => {
    const [a, b] = await Promise.all([store.query<{ x: number }>('SELECT 1 AS x'), store.query<{ x: number }>('SELECT 2 AS x')]);
    expect(a[0]?.x).toBe(1);
    expect(b[0]?.x).toBe(2);
    await expect(store.query('SELECT * FROM no_such_table')).rejects.toThrow();
    expect((await store.query<{ x: number }>('SELECT 3 AS x'))[0]?.x).toBe(3);
  });

});
