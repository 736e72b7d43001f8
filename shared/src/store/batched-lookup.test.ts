import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBatchedLookup } from './batched-lookup';
import { openStore, type Store } from './clickhouse';

describe('batched lookup on chDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lookup-test-'));
  let store: Store;
  let queries = 0;
  let lookup: ReturnType<typeof createBatchedLookup<number>>;
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    await store.command('CREATE TABLE kv (k String, v UInt32) ENGINE = MergeTree ORDER BY k');
    await store.insert('kv', [{ k: 'a', v: 1 }, { k: 'b', v: 2 }, { k: 'c', v: 3 }]);
    lookup = createBatchedLookup(async (keys) => {
      queries += 1;
      const rows = await store.query<{ k: string; v: number }>('SELECT k, v FROM kv WHERE k IN {keys:Array(String)}', { keys });
      return new Map(rows.map((r) => [r.k, Number(r.v)]));
    });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each caller with its own keys and merges concurrent callers into one query', async () => {
    queries = 0;
    const [one, two, three] = await Promise.all([lookup(['a', 'x']), lookup(['b']), lookup(['c', 'a'])]);
    expect([...one]).toEqual([['a', 1]]);
    expect([...two]).toEqual([['b', 2]]);
    expect([...three].sort()).toEqual([['a', 1], ['c', 3]]);
    expect(queries).toBe(1);
  });

  it('does not hand a caller the answer of a query that started before it asked', async () => {
    queries = 0;
    const first = lookup(['d']);
    await new Promise((r) => setTimeout(r, 0)); // the first query is under way
    await store.insert('kv', [{ k: 'd', v: 4 }]);
    const second = lookup(['d']);
    expect((await first).get('d')).toBeUndefined();
    expect((await second).get('d')).toBe(4);
    expect(queries).toBe(2);
  });

  it('passes a failed query on to every caller of it, and the next call queries again', async () => {
    const failing = createBatchedLookup<number>(async (keys) => {
      await store.query('SELECT * FROM no_such_table WHERE 1 = {n:UInt8}', { n: keys.length > 0 ? 1 : 0 });
      return new Map();
    });
    const results = await Promise.allSettled([failing(['a']), failing(['b'])]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect((await lookup(['a'])).get('a')).toBe(1);
  });
});
