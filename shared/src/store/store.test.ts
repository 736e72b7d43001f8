import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from './clickhouse';
import { migrate, splitStatements } from './migrate';

describe('store on chDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'store-test-'));
  let store: Store;
  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies the migrations once and again without error', async () => {
    const first = await migrate(store);
    expect(first).toContain('001-core.sql');
    const second = await migrate(store);
    expect(second).toEqual([]);
  });

  it('does not double a replayed incident', async () => {
    const row = {
      incident_id: 'inc:vk:1:2', post_uid: 'vk:1:2', region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city',
      importance: 'normal', authority: 'housing_dept', co_executors: [], status: 'created', repeat_of_incident_id: '',
      detected_at: '2026-11-03T19:42:16+03:00', created_at: '2026-11-03T19:42:17+03:00', updated_at: '2026-11-03T19:42:17+03:00',
      url: 'https://vk.com/wall1_2', text: 'нет воды', source: 'vk', author_id: 'vk_1', evidence: '[]', version: 1,
    };
    await store.insert('incidents', [row]);
    await store.insert('incidents', [row]);
    const rows = await store.query<{ n: number }>('SELECT count() AS n FROM incidents FINAL WHERE incident_id = {id:String}', { id: row.incident_id });
    expect(rows[0]?.n).toBe(1);
  });

  it('keeps parameters out of the SQL text', async () => {
    const hostile = "x' OR 1=1 --";
    const rows = await store.query<{ n: number }>('SELECT count() AS n FROM incidents FINAL WHERE incident_id = {id:String}', { id: hostile });
    expect(rows[0]?.n).toBe(0);
  });
});

describe('splitStatements', () => {
  it('splits on semicolons at line ends and drops comments', () => {
    expect(splitStatements('-- note\nCREATE TABLE a (x UInt8) ENGINE = Memory;\n\nSELECT 1;')).toEqual([
      'CREATE TABLE a (x UInt8) ENGINE = Memory',
      'SELECT 1',
    ]);
  });
});
