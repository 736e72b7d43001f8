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
import { isEventRecorded, loadState } from '../src/store/incident-state';
import { factsOfIncident } from '../src/store/sla-facts';
import { eventually } from '@cur/shared/testing/eventually';
import { incidentEvent } from './incident-event';

const dir = mkdtempSync(join(tmpdir(), 'sla-watch-test-'));
const clock = fixedClock('2026-11-24T07:00:00Z'); // 10:00 in Lipetsk
const logger = pino({ level: 'silent' });
let store: Store;
let bus: Bus;
const alerts: Alert[] = [];
const deadLetters: DeadLetter[] = [];


const event = incidentEvent;

async function publish(...events: IncidentEvent[]): Promise<void> {
  await bus.publish(Topics.incidentEvents, events.map((e) => ({ key: e.incidentId, value: e })));
  for (const e of events) {
    await eventually(async () => (await isEventRecorded(store, e.incidentId, e.eventId))
      || deadLetters.some((d) => d.value.includes(e.eventId)), `${e.eventId} is handled`);
  }
}

const startService = async (): Promise<SlaWatchService> => {
  const service = createSlaWatchService({ bus, store, logger, clock }, { tickIntervalMs: 0 });
  await service.start();
  return service;
};

const factsBy = async (incidentId: string) => Object.fromEntries((await factsOfIncident(store, incidentId)).map((f) => [f.stage, f]));

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

describe('sla-watch service', () => {
  it('opens the route and answer clocks, closes route on routing and writes the incident timeline', async () => {
    const service = await startService();
    const id = 'inc:vk:1:100';
    await publish(
      event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal' }),
      event(id, 'routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept', coExecutors: ['roads_dept'] }),
    );
    const facts = await factsBy(id);
    expect(facts.route).toMatchObject({ status: 'met', authority: 'housing_dept', deadlineAt: '2026-11-24T07:30:00.000Z', doneAt: '2026-11-24T07:20:00.000Z' });
    expect(facts.answer).toMatchObject({ status: 'open', deadlineAt: '2026-11-25T07:00:00.000Z', authority: 'housing_dept' });
    expect(facts.draft).toMatchObject({ status: 'open', deadlineAt: '2026-11-24T12:20:00.000Z' }); // 10:20 + 4 wh = 15:20
    expect(facts.contribution).toMatchObject({ status: 'open', authority: 'roads_dept' });
    const row = await store.query<{ status: string; authority: string }>('SELECT status, authority FROM incidents FINAL WHERE incident_id = {id:String}', { id });
    expect(row).toEqual([{ status: 'routed', authority: 'housing_dept' }]);
    expect((await loadState(store, id))?.state.status).toBe('routed');
    await service.stop();
  });

  it('does not double facts when events are replayed', async () => {
    const service = await startService();
    const id = 'inc:vk:1:100';
    const before = await store.query<{ n: number }>('SELECT count() AS n FROM sla_facts FINAL WHERE incident_id = {id:String}', { id });
    const replayed = service.health().counters.replayed ?? 0;
    await bus.publish(Topics.incidentEvents, [
      { key: id, value: event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal' }) },
      { key: id, value: event(id, 'routed', '2026-11-24T10:20:00+03:00', { authority: 'housing_dept', coExecutors: ['roads_dept'] }) },
    ]);
    await eventually(async () => (service.health().counters.replayed ?? 0) >= replayed + 2, 'both replays are seen');
    const after = await store.query<{ n: number }>('SELECT count() AS n FROM sla_facts FINAL WHERE incident_id = {id:String}', { id });
    expect(after).toEqual(before);
    const events = await store.query<{ n: number }>('SELECT count() AS n FROM incident_events FINAL WHERE incident_id = {id:String}', { id });
    expect(events[0]?.n).toBe(2);
    expect(deadLetters.filter((d) => d.value.includes(id))).toEqual([]);
    await service.stop();
  });

  it('dead-letters an illegal transition with the reason and does not apply it', async () => {
    const service = await startService();
    const id = 'inc:vk:1:100';
    const bad = event(id, 'published', '2026-11-24T10:30:00+03:00');
    await publish(bad);
    const letter = deadLetters.find((d) => d.value.includes(bad.eventId));
    expect(letter?.error).toMatch(/^ILLEGAL_TRANSITION: published is not allowed when incident inc:vk:1:100 is routed/);
    expect(letter?.consumerGroup).toBe('sla-watch');
    expect(await isEventRecorded(store, id, bad.eventId)).toBe(false);
    expect((await loadState(store, id))?.state.status).toBe('routed');
    expect((await factsBy(id)).answer?.status).toBe('open');
    await service.stop();
  });

  it('warns at 75 % of a term and records a breach of an untouched clock once, across a restart', async () => {
    let service = await startService();
    const id = 'inc:vk:1:100';
    // Routed at 10:20 MSK: return window to 10:50; contribution 2 wh → 12:20 (75 % at 11:50);
    // draft 4 wh → 15:20 over lunch (75 % = 3 wh → 14:20).
    clock.set('2026-11-24T09:00:00Z'); // 12:00 MSK
    expect(await service.tick()).toMatchObject({ warnings: 1, breaches: 0, lapsed: 1 });
    expect(await service.tick()).toMatchObject({ warnings: 0, breaches: 0, lapsed: 0 });
    clock.set('2026-11-24T11:25:00Z'); // 14:25 MSK
    expect(await service.tick()).toMatchObject({ warnings: 1, breaches: 1 });
    await service.stop();
    clock.set('2026-11-24T12:21:00Z'); // 15:21 MSK: the draft is overdue
    service = await startService();
    expect(await service.tick()).toMatchObject({ breaches: 1, warnings: 0 });
    await service.stop();
    service = await startService(); // a restart: open clocks live in the store, nothing doubles
    expect(await service.tick()).toMatchObject({ breaches: 0, warnings: 0, lapsed: 0 });
    await eventually(async () => alerts.filter((a) => a.incidentId === id).length >= 4, 'alerts arrive');
    const kinds = alerts.filter((a) => a.incidentId === id).map((a) => `${a.kind}:${a.stage}`).sort();
    expect(kinds).toEqual(['deadline_breach:contribution', 'deadline_breach:draft', 'deadline_warning:contribution', 'deadline_warning:draft']);
    const facts = await factsBy(id);
    expect(facts.draft).toMatchObject({ status: 'breached', doneAt: null });
    expect(facts.return).toMatchObject({ status: 'met', doneAt: '2026-11-24T07:50:00.000Z' });
    // The late draft closes the clock with its overdue working minutes and no second alert.
    await publish(event(id, 'draft_submitted', '2026-11-24T16:00:00+03:00'));
    const closed = await factsBy(id);
    expect(closed.draft).toMatchObject({ status: 'breached', doneAt: '2026-11-24T13:00:00.000Z', overdueWorkingMinutes: 40 });
    expect(closed.review).toMatchObject({ status: 'open', deadlineAt: '2026-11-24T13:30:00.000Z' });
    expect(alerts.filter((a) => a.incidentId === id && a.kind === 'deadline_breach')).toHaveLength(2);
    await service.stop();
  });

  it('pauses and extends open clocks during a declared outage (Omsk п. 12)', async () => {
    const service = await startService();
    const id = 'inc:ok:5:7';
    clock.set('2026-11-24T04:00:00Z'); // 10:00 in Omsk
    await publish(event(id, 'created', '2026-11-24T10:00:00+06:00', { importance: 'high' }, 'omsk'));
    expect((await factsBy(id)).route?.deadlineAt).toBe('2026-11-24T05:30:00.000Z'); // 11:30 Omsk
    await publish(event('outage:omsk', 'outage_started', '2026-11-24T10:30:00+06:00', {}, 'omsk'));
    clock.set('2026-11-24T05:45:00Z'); // 11:45: past the old deadline, but the clock is paused
    const paused = await service.tick();
    expect(paused).toMatchObject({ breaches: 0, paused: 1 });
    await publish(event('outage:omsk', 'outage_ended', '2026-11-24T11:15:00+06:00', {}, 'omsk'));
    expect((await factsBy(id)).route?.deadlineAt).toBe('2026-11-24T06:15:00.000Z'); // 12:15 Omsk
    expect(await service.tick()).toMatchObject({ breaches: 0 });
    clock.set('2026-11-24T06:16:00Z');
    expect(await service.tick()).toMatchObject({ breaches: 1 });
    await service.stop();
  });

  it('shows a curator\'s topic and place correction in the incident row, in every later version, across a restart', async () => {
    const id = 'inc:vk:1:700';
    const rowOf = async () => (await store.query<{ status: string; topic: string; location: string; text: string }>(
      'SELECT status, topic, location, text FROM incidents FINAL WHERE incident_id = {id:String}', { id }))[0];
    // The router's row comes first, with the classifier's topic and place.
    await store.insert('incidents', [{
      incident_id: id, post_uid: 'vk:1:700', region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city', importance: 'normal',
      authority: 'housing_dept', co_executors: [], status: 'routed', repeat_of_incident_id: '', detected_at: '2026-11-24T07:00:00.000Z',
      created_at: '2026-11-24T07:00:00.000Z', updated_at: '2026-11-24T07:00:00.000Z', url: 'https://vk.com/wall-1_700',
      text: 'Яма на дороге в Грязях', source: 'vk', author_id: 'a1', evidence: '[]', version: 1,
    }]);
    let service = await startService();
    await publish(
      event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal', actor: 'router' }),
      event(id, 'routed', '2026-11-24T10:00:00+03:00', { authority: 'housing_dept', actor: 'router' }),
    );
    const before = await factsBy(id);
    await publish(event(id, 'reclassified', '2026-11-24T10:05:00+03:00', { topic: 'roads', location: 'gryazinsky', actor: 'curator-1' }));
    expect(await rowOf()).toMatchObject({ status: 'routed', topic: 'roads', location: 'gryazinsky', text: 'Яма на дороге в Грязях' });
    expect(await factsBy(id)).toEqual(before); // no clock moves
    await service.stop();

    // A later event after a restart (the memory is gone) keeps the correction: it lives in the stored state.
    service = await startService();
    await publish(event(id, 'received', '2026-11-24T10:30:00+03:00', { actor: 'executor-1' }));
    expect(await rowOf()).toMatchObject({ status: 'received', topic: 'roads', location: 'gryazinsky' });
    // Only one of the two can be corrected, and a correction without either is refused.
    await publish(event(id, 'reclassified', '2026-11-24T10:40:00+03:00', { location: 'lipetsk_city', actor: 'curator-1' }));
    expect(await rowOf()).toMatchObject({ topic: 'roads', location: 'lipetsk_city' });
    const empty = event(id, 'reclassified', '2026-11-24T10:50:00+03:00', { actor: 'curator-1' });
    await publish(empty);
    expect(deadLetters.find((d) => d.value.includes(empty.eventId))?.error).toMatch(/reclassified needs the corrected topic or location/);
    await service.stop();
  });

  it('with two instances in one group, each timer judges only its own incidents: every due clock breached once', async () => {
    clock.set('2026-11-24T07:00:00Z');
    const a = await startService();
    const b = await startService(); // the memory bus splits the partitions between the two, as Kafka would
    const ids = Array.from({ length: 12 }, (_, i) => `inc:vk:2:${i + 1}`);
    for (const id of ids) {
      await publish(
        event(id, 'created', '2026-11-24T10:00:00+03:00', { importance: 'normal', actor: 'router' }),
        event(id, 'routed', '2026-11-24T10:10:00+03:00', { authority: 'housing_dept', actor: 'router' }),
      );
    }
    clock.set('2026-11-27T07:00:00Z'); // every draft and answer clock of these incidents is overdue
    const [ra, rb] = [await a.tick(), await b.tick()];
    // a left b's clocks alone; b found only its own still due, a's were judged already.
    expect(ra).toMatchObject({ notOwned: rb.breaches + rb.lapsed + rb.warnings });
    expect(ra.breaches).toBeGreaterThan(0);
    expect(rb.breaches).toBeGreaterThan(0);
    expect(rb.notOwned).toBe(0);
    const ours = (alert: Alert) => alert.incidentId !== null && ids.includes(alert.incidentId) && alert.kind === 'deadline_breach';
    await eventually(async () => new Set(alerts.filter(ours).map((x) => x.incidentId)).size === ids.length, 'a breach alert for every incident');
    const breachIds = alerts.filter(ours).map((x) => x.alertId);
    expect(new Set(breachIds).size).toBe(breachIds.length); // never announced by both instances
    // Nothing was left for a second round: the two instances together covered every due clock.
    const [ra2, rb2] = [await a.tick(), await b.tick()];
    expect(ra2.breaches + rb2.breaches + ra2.warnings + rb2.warnings).toBe(0);
    for (const id of ids) expect((await factsBy(id)).draft?.status).toBe('breached');
    await a.stop();
    await b.stop();
  });

  it('with two instances, the one that takes over partitions judges their due clocks at once, not at its next tick', async () => {
    clock.set('2026-11-27T04:00:00Z'); // 10:00 in Omsk
    // Timers an hour apart: any breach seen below comes from the takeover, not from a periodic tick.
    const startTimed = async () => {
      const service = createSlaWatchService({ bus, store, logger, clock }, { tickIntervalMs: 3_600_000 });
      await service.start();
      return service;
    };
    const a = await startTimed();
    const b = await startTimed();
    const ids = Array.from({ length: 8 }, (_, i) => `inc:ok:8:${i + 1}`);
    for (const id of ids) await publish(event(id, 'created', '2026-11-27T10:00:00+06:00', { importance: 'high' }, 'omsk'));
    clock.set('2026-11-27T05:31:00Z'); // 11:31 Omsk: every routing clock (due 11:30) is past its deadline
    await b.stop();
    const breached = () => new Set(alerts.filter((x) => x.kind === 'deadline_breach' && x.incidentId !== null && ids.includes(x.incidentId)).map((x) => x.incidentId));
    await eventually(() => breached().size === ids.length, 'every routing clock breached by the instance that took over');
    await a.stop();
  });

  it('with two instances, a clock opened during an outage declared through the other instance counts the outage at once', async () => {
    clock.set('2026-11-26T04:00:00Z'); // 10:00 in Omsk
    const a = await startService();
    const b = await startService();
    await publish(event('outage:omsk:3', 'outage_started', '2026-11-26T10:30:00+06:00', {}, 'omsk'));
    // A minute later (past outageRefreshMs), without a tick: new incidents land on both instances.
    clock.set('2026-11-26T04:46:00Z');
    const ids = Array.from({ length: 8 }, (_, i) => `inc:ok:7:${i + 1}`);
    for (const id of ids) await publish(event(id, 'created', '2026-11-26T10:45:00+06:00', { importance: 'high' }, 'omsk'));
    const deadlines = await Promise.all(ids.map(async (id) => (await factsBy(id)).route?.deadlineAt));
    // One deadline for all: the instance that did not receive the outage read it before opening its clocks.
    expect(new Set(deadlines).size).toBe(1);
    expect(deadlines[0]).not.toBe('2026-11-26T06:15:00.000Z'); // 12:15 Omsk would be 90 minutes without the outage
    await publish(event('outage:omsk:3', 'outage_ended', '2026-11-26T11:15:00+06:00', {}, 'omsk'));
    await a.stop();
    await b.stop();
  });

  it('with two instances, an outage declared through one moves the clocks of both (the other at its next tick)', async () => {
    clock.set('2026-11-25T04:00:00Z'); // 10:00 in Omsk, the day after the other outage test
    const a = await startService();
    const b = await startService();
    const ids = Array.from({ length: 8 }, (_, i) => `inc:ok:6:${i + 1}`);
    for (const id of ids) await publish(event(id, 'created', '2026-11-25T10:00:00+06:00', { importance: 'high' }, 'omsk'));
    const routeDeadlines = async () => Promise.all(ids.map(async (id) => (await factsBy(id)).route?.deadlineAt));
    expect(new Set(await routeDeadlines())).toEqual(new Set(['2026-11-25T05:30:00.000Z'])); // 11:30 Omsk
    // Region events are keyed by region: one partition, so only one of the two instances receives them.
    await publish(event('outage:omsk:2', 'outage_started', '2026-11-25T10:30:00+06:00', {}, 'omsk'));
    await publish(event('outage:omsk:2', 'outage_ended', '2026-11-25T11:15:00+06:00', {}, 'omsk'));
    clock.set('2026-11-25T05:45:00Z'); // past the old deadline: nothing may be breached
    const [ra, rb] = [await a.tick(), await b.tick()];
    expect(ra.breaches + rb.breaches).toBe(0);
    expect(new Set(await routeDeadlines())).toEqual(new Set(['2026-11-25T06:15:00.000Z'])); // 12:15 Omsk, every incident
    clock.set('2026-11-25T06:16:00Z');
    const [ra2, rb2] = [await a.tick(), await b.tick()];
    expect(ra2.breaches).toBeGreaterThan(0);
    expect(rb2.breaches).toBeGreaterThan(0);
    await a.stop();
    await b.stop();
  });
});
