import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { fixedClock } from '@cur/shared/clock';
import { IncidentEvent, Topics, type IncidentEventType } from '@cur/shared/contracts/index';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createSlaWatchService } from '../src/sla-watch';
import { isEventRecorded } from '../src/store/incident-state';
import { monthlySummary } from '../src/store/reports';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'sla-report-test-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const ev = (incidentId: string, type: IncidentEventType, at: string, extra: Partial<IncidentEvent> = {}) =>
  IncidentEvent.parse({ schemaVersion: 1, eventId: `${incidentId}:${type}:${at}`, incidentId, region: 'lipetsk', type, at, ...extra });

describe('monthly report from ClickHouse', () => {
  it('summarises what the watcher recorded, in process and through the CLI', async () => {
    const store = await openStore({ dataDir: join(dataDir, 'chdb') });
    await migrate(store);
    const clock = fixedClock('2026-11-03T07:00:00Z');
    const logger = pino({ level: 'silent' });
    const bus = createMemoryBus({ logger });
    const service = createSlaWatchService({ bus, store, logger, clock }, { tickIntervalMs: 0 });
    await service.start();
    const events = [
      // In time: detected Mon 02.11 10:00, answered 15:00 (8 wh answer term, 4 wh draft term from 10:10).
      ev('inc:a', 'created', '2026-11-02T10:00:00+03:00', { importance: 'normal' }),
      ev('inc:a', 'routed', '2026-11-02T10:10:00+03:00', { authority: 'housing_dept' }),
      ev('inc:a', 'draft_submitted', '2026-11-02T12:00:00+03:00'),
      ev('inc:a', 'rework_requested', '2026-11-02T12:20:00+03:00', { reason: 'нет приветствия' }),
      ev('inc:a', 'draft_submitted', '2026-11-02T12:40:00+03:00'),
      ev('inc:a', 'approved', '2026-11-02T12:50:00+03:00'),
      ev('inc:a', 'published', '2026-11-02T12:55:00+03:00'),
      // Late route (30 wm from 10:00 → 10:30, routed 11:00), returned by roads, re-routed to housing.
      ev('inc:b', 'created', '2026-11-05T10:00:00+03:00', { importance: 'normal' }),
      ev('inc:b', 'routed', '2026-11-05T11:00:00+03:00', { authority: 'roads_dept' }),
      ev('inc:b', 'returned', '2026-11-05T11:10:00+03:00', { reason: 'не наша компетенция' }),
      ev('inc:b', 'rerouted', '2026-11-05T11:20:00+03:00', { authority: 'housing_dept' }),
    ];
    await bus.publish(Topics.incidentEvents, events.map((e) => ({ key: e.incidentId, value: e })));
    const until = Date.now() + 20_000;
    for (const e of events) {
      while (!(await isEventRecorded(store, e.incidentId, e.eventId))) {
        if (Date.now() > until) throw new Error(`not handled: ${e.eventId}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await service.stop();
    await bus.close();

    const summary = await monthlySummary(store, { region: 'lipetsk', month: '2026-11' });
    if (!summary.ok) throw new Error(summary.error.message);
    const housing = summary.value.rows.find((r) => r.authority === 'housing_dept');
    const roads = summary.value.rows.find((r) => r.authority === 'roads_dept');
    expect(housing?.current).toMatchObject({ received: 2, answered: 1, reworks: 1, breaches: 0 });
    expect(housing?.current.timeToAnswer).toMatchObject({ count: 1, medianHours: 2.92, medianWorkingHours: 2.92 });
    expect(housing?.current.stages.answer).toEqual({ due: 2, met: 1, breached: 0, open: 1, shareInTime: 1 });
    // The route clock belongs to the body the post was routed to (it closes on that routing).
    expect(roads?.current).toMatchObject({ returns: 1, received: 0, breaches: 1 });
    expect(roads?.current.stages.route).toEqual({ due: 1, met: 0, breached: 1, open: 0, shareInTime: 0 });
    expect(roads?.current.stages.return).toEqual({ due: 1, met: 1, breached: 0, open: 0, shareInTime: 1 });
    await store.close();

    const { CLICKHOUSE_URL: _server, ...rest } = process.env;
    const embeddedEnv = { ...rest, DATA_DIR: dataDir };
    const run = spawnSync('npm', ['run', '--silent', 'report', '--', '--region', 'lipetsk', '--month', '2026-11', '--format', 'csv', '--authority', 'housing_dept'], {
      cwd: root, encoding: 'utf8', env: embeddedEnv,
    });
    expect(run.stderr).not.toMatch(/report:/);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]?.startsWith('lipetsk,2026-11,housing_dept,2,0,2,1,0,1,')).toBe(true);
    const bad = spawnSync('npm', ['run', '--silent', 'report', '--', '--region', 'lipetsk', '--month', '2026-13'], { cwd: root, encoding: 'utf8', env: embeddedEnv });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(/month: YYYY-MM/);
  }, 90_000);
});
