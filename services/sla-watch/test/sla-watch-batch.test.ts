// The watcher's batch path: many incidents per batch, illegal events in the middle, recovery after a crash
// between the state rows and the incident_events marks, and the in-memory clocks kept in step with the timer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { fixedClock } from '@cur/shared/clock';
import { Alert, DeadLetter, Topics, type IncidentEvent } from '@cur/shared/contracts/index';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createSlaWatchService, type SlaWatchService } from '../src/sla-watch';
import { loadState } from '../src/store/incident-state';
import { factsOfIncident } from '../src/store/sla-facts';
import { eventually } from '@cur/shared/testing/eventually';
import { incidentEvent } from './incident-event';

const dir = mkdtempSync(join(tmpdir(), 'sla-watch-batch-test-'));
const clock = fixedClock('2026-11-24T07:00:00Z'); // 10:00 in Lipetsk
const logger = pino({ level: 'silent' });
let store: Store;
let bus: Bus;
const alerts: Alert[] = [];
const deadLetters: DeadLetter[] = [];


const event = incidentEvent;

const recordedCount = async (incidentIds: string[]): Promise<number> => {
  const [row] = await store.query<{ n: number }>(
    'SELECT count() AS n FROM (SELECT DISTINCT event_id FROM incident_events WHERE incident_id IN {ids:Array(String)})', { ids: incidentIds },
  );
  return Number(row?.n ?? 0);
};

const startService = async (): Promise<SlaWatchService> => {
  const service = createSlaWatchService({ bus, store, logger, clock }, { tickIntervalMs: 0 });
  await service.start();
  return service;
};

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = createMemoryBus({ logger, retryBaseMs: 5, retryMaxMs: 20, now: () => clock.now() });
  await bus.subscribe({ topic: Topics.alerts, groupId: 'test-alerts', schema: Alert, handler: async (m) => { alerts.push(m.value); } });
  await bus.subscribe({ topic: Topics.deadLetter, groupId: 'test-dl', schema: DeadLetter, handler: async (m) => { deadLetters.push(m.value); } });
});

afterAll(async () => {
  await bus.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sla-watch batches', () => {
  it('applies many incidents per batch; an illegal event in the middle is dead-lettered and the rest applied', async () => {
    const service = await startService();
    const ids = Array.from({ length: 40 }, (_, i) => `inc:vk:batch:${i}`);
    const events: IncidentEvent[] = [];
    for (const id of ids) {
      events.push(event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal' }));
      if (id.endsWith(':7')) events.push(event(id, 'published', '2026-11-24T10:10:00+03:00')); // illegal: not approved
      events.push(event(id, 'routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept' }));
    }
    await bus.publish(Topics.incidentEvents, events.map((e) => ({ key: e.incidentId, value: e })));
    await eventually(async () => (await recordedCount(ids)) === 80 && deadLetters.some((d) => d.value.includes('inc:vk:batch:7:published')), 'all applied, one dead-lettered');
    const health = service.health().counters;
    expect(health.events).toBe(81);
    expect(health.illegal).toBe(1);
    expect(health.batches).toBeLessThanOrEqual(12); // 6 partitions: a handful of batches, not 81 events one by one
    expect(deadLetters.find((d) => d.value.includes('inc:vk:batch:7:published'))?.error).toMatch(/^ILLEGAL_TRANSITION: published is not allowed when incident inc:vk:batch:7 is created/);
    const facts = Object.fromEntries((await factsOfIncident(store, 'inc:vk:batch:7')).map((f) => [f.stage, f]));
    expect(facts.route).toMatchObject({ status: 'met', doneAt: '2026-11-24T07:20:00.000Z' });
    expect((await loadState(store, 'inc:vk:batch:7'))?.state.status).toBe('routed');
    const rows = await store.query<{ n: number }>("SELECT count() AS n FROM incidents FINAL WHERE incident_id LIKE 'inc:vk:batch:%' AND status = 'routed'");
    expect(Number(rows[0]?.n)).toBe(40);
    // Warning instants only for the clocks still running: the routing clock opened and closed in the batch has none.
    const marked = new Set((await store.query<{ fact_id: string }>('SELECT fact_id FROM sla_facts FINAL WHERE fact_id IN {ids:Array(String)} AND warn_at IS NOT NULL',
      { ids: Object.values(facts).map((f) => f.factId) })).map((r) => r.fact_id));
    expect(marked.has(facts.route!.factId)).toBe(false);
    for (const fact of Object.values(facts).filter((f) => f.status === 'open' && f.stage !== 'return')) expect(marked.has(fact.factId), fact.stage).toBe(true);
    await service.stop();
  });

  it('after a crash between the state rows and the event marks, the replayed batch writes only the missing marks', async () => {
    const id = 'inc:vk:crash:1';
    const created = event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal' });
    const routed = event(id, 'routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept' });
    let service = await startService();
    await bus.publish(Topics.incidentEvents, [created, routed].map((e) => ({ key: id, value: e })));
    await eventually(async () => (await recordedCount([id])) === 2, 'both applied');
    await service.stop();
    const factsBefore = await factsOfIncident(store, id);
    // The crash: the marks never made it to incident_events.
    await store.command('DELETE FROM incident_events WHERE incident_id = {id:String}', { id });
    expect(await recordedCount([id])).toBe(0);
    const lettersBefore = deadLetters.length;
    service = await startService();
    await bus.publish(Topics.incidentEvents, [created, routed].map((e) => ({ key: id, value: e })));
    await eventually(async () => (await recordedCount([id])) === 2, 'both marks written again');
    expect(deadLetters.length).toBe(lettersBefore); // not ALREADY_CREATED
    expect(await factsOfIncident(store, id)).toEqual(factsBefore);
    expect(service.health().counters).toMatchObject({ illegal: 0, opened: 0, closed: 0 });
    await service.stop();
  });

  it('keeps its in-memory clocks in step with the timer: a clock breached by the timer and closed late alerts once', async () => {
    const service = await startService();
    const id = 'inc:vk:late:1';
    clock.set('2026-11-24T07:00:00Z');
    await bus.publish(Topics.incidentEvents, [{ key: id, value: event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal' }) }]);
    await eventually(async () => (await recordedCount([id])) === 1, 'created applied'); // the incident is now in memory
    clock.set('2026-11-24T08:00:00Z'); // 11:00 MSK: the route clock (to 10:30) is overdue
    expect(await service.tick()).toMatchObject({ breaches: 1 });
    await bus.publish(Topics.incidentEvents, [{ key: id, value: event(id, 'routed', '2026-11-24T11:05:00+03:00', { authority: 'housing_dept' }) }]);
    await eventually(async () => (await recordedCount([id])) === 2, 'routed applied');
    const route = (await factsOfIncident(store, id)).find((f) => f.stage === 'route');
    expect(route).toMatchObject({ status: 'breached', doneAt: '2026-11-24T08:05:00.000Z', overdueWorkingMinutes: 35 });
    await eventually(() => alerts.some((a) => a.incidentId === id), 'the breach alert arrives');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alerts.filter((a) => a.incidentId === id).map((a) => `${a.kind}:${a.stage}`)).toEqual(['deadline_breach:route']);
    await service.stop();
  });
});
