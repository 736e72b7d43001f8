// Migration 201: the warning marks of sla_warnings move into the fact rows of the clocks still running, and the
// watcher reads them back from there (a store written by the previous version keeps its warnings).
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { coreMigrationsDir, migrate } from '@cur/shared/store/migrate';
import { dueFacts, openFactsOfIncident } from '../src/store/sla-facts';

const dir = mkdtempSync(join(tmpdir(), 'fact-warnings-migration-'));
const before = join(dir, 'migrations-before-201');
let store: Store;

const factRow = (factId: string, extra: Record<string, unknown> = {}) => ({
  fact_id: factId, incident_id: 'inc:old', region: 'lipetsk', authority: 'housing_dept', stage: 'answer', importance: 'normal',
  started_at: '2026-11-24T07:00:00.000Z', deadline_at: '2026-11-26T07:00:00.000Z', done_at: null, status: 'open',
  overdue_working_minutes: 0, recorded_at: '2026-11-24T07:00:00.000Z', ...extra,
});

beforeAll(async () => {
  mkdirSync(before);
  for (const file of readdirSync(coreMigrationsDir).filter((f) => f.endsWith('.sql') && f < '201')) copyFileSync(join(coreMigrationsDir, file), join(before, file));
  store = await openStore({ dataDir: join(dir, 'chdb') });
  await migrate(store, [before]);
  await store.insert('sla_facts', [factRow('warned'), factRow('waiting'), factRow('done', { status: 'met', done_at: '2026-11-24T08:00:00.000Z' })]);
  await store.insert('sla_warnings', [
    { fact_id: 'warned', region: 'lipetsk', warn_at: '2026-11-25T13:00:00.000Z', warned: 1, recorded_at: '2026-11-25T13:00:00.000Z' },
    { fact_id: 'waiting', region: 'lipetsk', warn_at: '2026-11-25T13:00:00.000Z', warned: 0, recorded_at: '2026-11-24T07:00:00.000Z' },
    { fact_id: 'done', region: 'lipetsk', warn_at: '2026-11-25T13:00:00.000Z', warned: 0, recorded_at: '2026-11-24T07:00:00.000Z' },
  ]);
  expect(await migrate(store)).toContain('201-sla-fact-warnings.sql');
}, 120_000);

afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('migration 201: warning marks into the fact rows', () => {
  it('keeps the warning state of every running clock, and the clock itself unchanged', async () => {
    const open = Object.fromEntries((await openFactsOfIncident(store, 'inc:old')).map((f) => [f.factId, f]));
    expect(Object.keys(open).sort()).toEqual(['waiting', 'warned']);
    expect(open.warned).toMatchObject({ isWarned: true, warnAt: new Date('2026-11-25T13:00:00.000Z'), deadlineAt: '2026-11-26T07:00:00.000Z', recordedAt: '2026-11-24T07:00:00.000Z' });
    expect(open.waiting).toMatchObject({ isWarned: false, warnAt: new Date('2026-11-25T13:00:00.000Z') });
  });

  it('lets the timer find the warning still to send, and only that one', async () => {
    const due = await dueFacts(store, new Date('2026-11-25T14:00:00Z'));
    expect(due.map((f) => f.factId)).toEqual(['waiting']);
  });

  it('drops sla_warnings and leaves one row per fact after merging', async () => {
    const [table] = await store.query<{ n: number }>("SELECT count() AS n FROM system.tables WHERE database = currentDatabase() AND name = 'sla_warnings'");
    expect(Number(table?.n)).toBe(0);
    const [facts] = await store.query<{ n: number }>('SELECT count() AS n FROM sla_facts FINAL');
    expect(Number(facts?.n)).toBe(3);
  });
});

describe('migration 201 run again (cut off after the DROP, before it was recorded)', () => {
  it('copies nothing and keeps the warning state', async () => {
    await store.command("ALTER TABLE schema_migrations DELETE WHERE name = '201-sla-fact-warnings.sql'");
    expect(await migrate(store)).toEqual(['201-sla-fact-warnings.sql']);
    const open = Object.fromEntries((await openFactsOfIncident(store, 'inc:old')).map((f) => [f.factId, f.isWarned]));
    expect(open).toEqual({ warned: true, waiting: false });
  });
});
