// Drill: two SLA watchers in one consumer group on the shared test broker and chDB, one of them stopped under way.
// Each watcher's timer judges only the clocks of the incidents in its partitions, so every breach is announced
// once; when one stops, the other takes its partitions over at the rebalance and judges those clocks too.
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
import { createSlaWatchService, type SlaWatchService } from '@cur/sla-watch/sla-watch';
import { isEventRecorded } from '@cur/sla-watch/store/incident-state';
import { eventually } from './support/kafka-drill';

const brokers = inject('kafkaBrokers');
const dir = mkdtempSync(join(tmpdir(), 'drill-watch-pair-'));
const run = `wp${Date.now().toString(36)}`;
const clock = fixedClock('2026-11-24T07:00:00Z'); // Tuesday 10:00 in Lipetsk
const logger = createLogger({ name: 'drill-watch-pair', level: 'silent' });
const buses: Bus[] = [];
let store: Store;
let bus: Bus;
const alerts: Alert[] = [];

const kafkaBus = (clientId: string): Bus => {
  const created = createKafkaBus({ brokers: brokers.split(','), clientId, logger, now: () => clock.now() });
  buses.push(created);
  return created;
};

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = kafkaBus(`drill-${run}`);
  await bus.subscribe({
    topic: Topics.alerts, groupId: `${run}-alerts`, schema: Alert, fromBeginning: false,
    handler: async (m) => { if (m.value.incidentId?.includes(run)) alerts.push(m.value); },
  });
});

afterAll(async () => {
  for (const b of buses) await b.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const event = (incidentId: string, type: IncidentEventType, at: string, extra: Partial<IncidentEvent> = {}): IncidentEvent =>
  IncidentEvent.parse({ schemaVersion: 1, eventId: `${incidentId}:${type}:${at}`, incidentId, region: 'lipetsk', type, at, actor: 'router', ...extra });
const opening = (ids: readonly string[], at: string) => ids.flatMap((id) => [
  event(id, 'created', at, { importance: 'normal' }),
  event(id, 'routed', at, { authority: 'housing_dept' }),
]);
const allRecorded = (events: IncidentEvent[]) => async () => {
  for (const e of events) if (!(await isEventRecorded(store, e.incidentId, e.eventId))) return false;
  return true;
};
const owned = (watcher: SlaWatchService): readonly number[] | 'all' =>
  (watcher.health().details as { ownedPartitions: readonly number[] | 'all' }).ownedPartitions;
const breaches = () => alerts.filter((a) => a.kind === 'deadline_breach' && a.stage === 'draft').map((a) => a.incidentId);

describe('drill: two watchers in one group, one stopped under way', () => {
  it('announces every breach once from the owner of its incident, and the survivor takes the stopped one\'s clocks over', async () => {
    const groupId = `${run}-sla`;
    // Each watcher has its own Kafka client, as two processes would.
    const start = async (name: string) => {
      const service = createSlaWatchService({ bus: kafkaBus(`${run}-${name}`), store, logger, clock }, { groupId, tickIntervalMs: 0 });
      await service.start();
      return service;
    };
    const a = await start('a');
    const b = await start('b');
    await eventually(() => {
      const [pa, pb] = [owned(a), owned(b)];
      return pa !== 'all' && pb !== 'all' && pa.length > 0 && pb.length > 0 && pa.length + pb.length === 6;
    }, 'the two watchers split the six partitions', 60_000, 100);

    const first = Array.from({ length: 20 }, (_, i) => `inc:vk:${run}:${i}`);
    const firstEvents = opening(first, '2026-11-24T10:00:00+03:00');
    await bus.publish(Topics.incidentEvents, firstEvents.map((e) => ({ key: e.incidentId, value: e })));
    await eventually(allRecorded(firstEvents), 'both watchers have applied their incidents\' events', 90_000, 200);

    clock.set('2026-11-24T12:05:00Z'); // 15:05 MSK: every draft clock (4 working hours from 10:00) is overdue
    const [ra, rb] = [await a.tick(), await b.tick()];
    expect(ra.breaches).toBeGreaterThan(0);
    expect(rb.breaches).toBeGreaterThan(0);
    expect(ra.notOwned).toBeGreaterThan(0); // a left b's clocks to b
    await eventually(() => new Set(breaches()).size === first.length, 'a draft breach for each of the 20 incidents', 30_000);

    // b stops (a deploy, a crash): a takes its partitions over at the rebalance.
    await b.stop();
    await eventually(() => { const pa = owned(a); return pa !== 'all' && pa.length === 6; }, 'a owns all six partitions', 60_000, 100);
    const second = Array.from({ length: 10 }, (_, i) => `inc:ok:${run}:${i}`);
    const secondEvents = opening(second, '2026-11-24T15:10:00+03:00');
    await bus.publish(Topics.incidentEvents, secondEvents.map((e) => ({ key: e.incidentId, value: e })));
    await eventually(allRecorded(secondEvents), 'a applies the events of every partition', 90_000, 200);
    clock.set('2026-11-25T09:00:00Z'); // the next day, 12:00 MSK: the new drafts are overdue too
    const after = await a.tick();
    expect(after.notOwned).toBe(0);
    await eventually(() => new Set(breaches()).size === first.length + second.length, 'a draft breach for the 10 new incidents', 30_000);
    await a.stop();
    // A negative check needs a wait: give a stray second alert time to reach the observer before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const all = breaches();
    expect(new Set(all).size).toBe(all.length); // never announced twice
    expect(new Set(alerts.map((x) => x.alertId)).size).toBe(alerts.length);
    const [facts] = await store.query<{ n: number; uniq: number }>(
      'SELECT count() AS n, uniqExact(fact_id) AS uniq FROM sla_facts FINAL WHERE incident_id LIKE {like:String}', { like: `%${run}%` });
    expect(Number(facts!.n)).toBe(Number(facts!.uniq));
  }, 240_000);
});
