// Drill: the SLA watcher restarted with open clocks, on the shared test broker and chDB. Events arrive while it
// is down and deadlines pass; the new instance (same consumer group) applies the missed events, announces each
// breach once, and a further restart announces nothing again; sla_facts never double.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { fixedClock } from '@cur/shared/clock';
import { Alert, IncidentEvent, Topics, type IncidentEventType } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createSlaWatchService } from '@cur/sla-watch/sla-watch';
import { isEventRecorded } from '@cur/sla-watch/store/incident-state';
import { eventually } from './support/kafka-drill';

const brokers = inject('kafkaBrokers');
const dir = mkdtempSync(join(tmpdir(), 'drill-watch-'));
const run = `wr${Date.now().toString(36)}`;
const clock = fixedClock('2026-11-24T07:00:00Z'); // Tuesday 10:00 in Lipetsk
const logger = createLogger({ name: 'drill-watch', level: 'silent' });
let store: Store;
let bus: Bus;
const alerts: Alert[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = createKafkaBus({ brokers: brokers.split(','), clientId: `drill-${run}`, logger, now: () => clock.now() });
  await bus.subscribe({
    topic: Topics.alerts, groupId: `${run}-alerts`, schema: Alert, fromBeginning: false,
    handler: async (m) => { if (m.value.incidentId?.includes(run)) alerts.push(m.value); },
  });
});

afterAll(async () => {
  await bus?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (incidentId: string, type: IncidentEventType, at: string, extra: Partial<IncidentEvent> = {}): IncidentEvent =>
  IncidentEvent.parse({ schemaVersion: 1, eventId: `${incidentId}:${type}:${at}`, incidentId, region: 'lipetsk', type, at, ...extra });

async function publishAndWait(events: IncidentEvent[]): Promise<void> {
  await bus.publish(Topics.incidentEvents, events.map((e) => ({ key: e.incidentId, value: e })));
}
const allRecorded = (events: IncidentEvent[]) => async () => {
  for (const e of events) if (!(await isEventRecorded(store, e.incidentId, e.eventId))) return false;
  return true;
};

describe('drill: watcher restarted with open clocks', () => {
  it('applies the events missed while down, announces every breach once, and never doubles a fact', async () => {
    const groupId = `${run}-sla`;
    const start = async () => {
      const service = createSlaWatchService({ bus, store, logger, clock }, { groupId, tickIntervalMs: 0 });
      await service.start();
      return service;
    };
    const ids = Array.from({ length: 5 }, (_, i) => `inc:vk:${run}:${i}`);
    const opening = ids.flatMap((id) => [
      event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal' }),
      event(id, 'routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept' }),
    ]);
    let watcher = await start();
    await publishAndWait(opening);
    await eventually(allRecorded(opening), 'the first watcher has applied created + routed of five incidents', 90_000, 200);
    await watcher.stop();

    // While it is down: two drafts come in, and the afternoon passes (drafts of the others are due 15:20).
    const missed = ids.slice(0, 2).map((id) => event(id, 'draft_submitted', '2026-11-24T11:00:00+03:00', { text: 'Проект ответа' }));
    await publishAndWait(missed);
    clock.set('2026-11-24T12:21:00Z'); // 15:21 MSK

    watcher = await start();
    await eventually(allRecorded(missed), 'the restarted watcher applies the missed events', 90_000, 200);
    await watcher.tick();
    const breachKeys = () => alerts.filter((a) => a.kind === 'deadline_breach').map((a) => `${a.incidentId}|${a.stage}`);
    await eventually(() => breachKeys().length >= 5, 'breach alerts arrive', 30_000);
    await watcher.stop();

    watcher = await start(); // again: open clocks live in the store
    const again = await watcher.tick();
    await watcher.stop();
    // A negative check needs a wait: give a stray second alert time to reach the observer before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const keys = breachKeys();
    expect(new Set(keys).size).toBe(keys.length); // each breach announced once
    expect(new Set(alerts.map((a) => a.alertId)).size).toBe(alerts.length);
    // The three without a draft breach their draft clock; the two with a draft breach the curator's review (30 min).
    expect(keys.filter((k) => k.endsWith('|draft')).sort()).toEqual(ids.slice(2).map((id) => `${id}|draft`).sort());
    expect(keys.filter((k) => k.endsWith('|review')).sort()).toEqual(ids.slice(0, 2).map((id) => `${id}|review`).sort());
    expect(again.breaches).toBe(0);
    const [facts] = await store.query<{ n: number; uniq: number; met: number }>(
      `SELECT count() AS n, uniqExact(fact_id) AS uniq, countIf(stage = 'route' AND status = 'met') AS met
         FROM sla_facts FINAL WHERE incident_id LIKE {like:String}`, { like: `%${run}%` });
    expect(Number(facts!.n)).toBe(Number(facts!.uniq));
    expect(Number(facts!.met)).toBe(5);
    const [events] = await store.query<{ n: number }>('SELECT count() AS n FROM incident_events FINAL WHERE incident_id LIKE {like:String}', { like: `%${run}%` });
    expect(Number(events!.n)).toBe(12);
  }, 150_000);
});
