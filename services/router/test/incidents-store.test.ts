// The router's incident reads on chDB: a key lookup first, then the full newest row of those that exist.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '@cur/shared/contracts/index';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { findIncidents, writeIncidents } from '../src/store/incidents';

const dir = mkdtempSync(join(tmpdir(), 'router-incidents-test-'));
let store: Store;

const incident = (n: number, authority: Incident['authority']): Incident => ({
  schemaVersion: 1, incidentId: `inc:vk:-1:${n}`, postUid: `vk:-1:${n}`, region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city',
  importance: 'normal', authority, coExecutors: [], repeatOfIncidentId: null, detectedAt: '2026-11-20T09:00:00Z',
  createdAt: '2026-11-20T09:00:01Z', url: `https://vk.com/wall-1_${n}`, text: 'Нет горячей воды', source: 'vk', authorId: 'vk_1',
  evidence: [{ step: 'route', value: authority, matched: ['горячей воды'], rule: 'zhkh.supply' }],
});

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  await writeIncidents(store, [{ incident: incident(1, 'housing_dept'), status: 'routed', version: 1 }, { incident: incident(2, 'housing_dept'), status: 'routed', version: 1 }]);
  // A newer version of the second one: the read gives the newest.
  await writeIncidents(store, [{ incident: incident(2, 'housing_inspection'), status: 'in_work', version: 2 }]);
}, 60_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('findIncidents', () => {
  it('gives the newest row of each incident that exists and nothing for the others', async () => {
    const found = await findIncidents(store, ['inc:vk:-1:1', 'inc:vk:-1:2', 'inc:vk:-1:3', 'inc:vk:-1:2']);
    expect([...found.keys()].sort()).toEqual(['inc:vk:-1:1', 'inc:vk:-1:2']);
    expect(found.get('inc:vk:-1:2')).toMatchObject({ authority: 'housing_inspection', status: 'in_work', version: 2, isWrittenByRouter: true });
    expect(found.get('inc:vk:-1:1')?.evidence).toEqual([{ step: 'route', value: 'housing_dept', matched: ['горячей воды'], rule: 'zhkh.supply' }]);
  });

  it('gives an empty map for ids of which none exists, and for none asked', async () => {
    expect((await findIncidents(store, ['inc:vk:-1:8', 'inc:vk:-1:9'])).size).toBe(0);
    expect((await findIncidents(store, [])).size).toBe(0);
  });
});
