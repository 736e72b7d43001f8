import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { waitUntil } from '@cur/shared/bus/bus.contract';
import { fixedClock } from '@cur/shared/clock';
import {
  Alert, Incident, IncidentEvent, Topics, type ClassifiedPost, type Classification,
} from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createRouterService, type RouterService } from '../src/router';

function classified(uid: string, text: string, c: Partial<Classification>, collectedAt = '2026-11-10T08:55:00+03:00'): ClassifiedPost {
  return {
    schemaVersion: 1,
    post: {
      schemaVersion: 1, uid, platform: 'vk', source: 'vk', sourceId: 'vk-test', region: 'lipetsk', kind: 'post', parentUid: null,
      url: `https://vk.com/wall-1_${uid.split(':').pop()}`, authorId: 'vk_42', authorName: null,
      publishedAt: '2026-11-10T08:50:00+03:00', collectedAt, editedAt: null, version: 0, text,
      engagement: { likes: 0, reposts: 0, comments: 0, views: 0 }, payload: null,
    },
    classification: {
      topic: 'zhkh', location: 'lipetsk_city', importance: 'normal', abuse: 'none', isSpam: false, needsResponse: true,
      repeatOf: null, authorities: ['none'], evidence: [{ step: 'topic', value: 'zhkh', matched: ['батареи'] }], ...c,
    },
    classifiedAt: '2026-11-10T08:56:00+03:00',
  };
}

interface IncidentRow {
  incident_id: string;
  authority: string;
  co_executors: string[];
  status: string;
  repeat_of_incident_id: string;
  topic: string;
  version: number;
}

describe('router service on the memory bus and chDB', () => {
  const dir = mkdtempSync(join(tmpdir(), 'router-test-'));
  const clock = fixedClock('2026-11-10T06:00:00Z');
  let store: Store;
  let bus: Bus;
  let router: RouterService;
  const incidents: Incident[] = [];
  const events: IncidentEvent[] = [];
  const alerts: Alert[] = [];

  const rows = () => store.query<IncidentRow>(
    'SELECT incident_id, authority, co_executors, status, repeat_of_incident_id, topic, version FROM incidents FINAL ORDER BY incident_id',
  );

  beforeAll(async () => {
    store = await openStore({ dataDir: dir });
    await migrate(store);
    bus = createMemoryBus();
    for (const [topic, schema, sink] of [
      [Topics.incidents, Incident, incidents], [Topics.incidentEvents, IncidentEvent, events], [Topics.alerts, Alert, alerts],
    ] as const) {
      await bus.subscribe({ topic, groupId: 'test-observer', schema: schema as never, handler: async (m) => { (sink as unknown[]).push(m.value); } });
    }
    router = createRouterService({ bus, store, clock, logger: createLogger({ name: 'router-test', level: 'silent' }) }, {});
    await router.start();
  });

  afterAll(async () => {
    await router.stop();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const first = classified('vk:-1:101', 'Катукова 33: батареи холодные, управляющая компания не отвечает', {});
  const gas = classified('vk:-1:102', 'Пахнет газом в подъезде на Космонавтов 54!', { importance: 'critical' });
  const abusive = classified('vk:-1:103', 'эти бездари из ЖЭУ', { abuse: 'insult', needsResponse: false });
  const twoBodies = classified('vk:-1:104', 'Во дворе стая собак и не горят фонари. Просим ветслужбу отловить собак, а администрацию — починить освещение', {
    topic: 'improvement',
  });
  const repeat = classified('vk:-1:105', 'Неделю назад писала про холодные батареи на Катукова 33. Ничего не сделано, батареи ледяные', {
    importance: 'high', repeatOf: 'vk:-1:101',
  }, '2026-11-17T10:00:00+03:00');

  it('creates an incident, its created and routed events and a row for each post that needs an answer', async () => {
    await bus.publish(Topics.postsClassified, [first, gas, abusive, twoBodies].map((value) => ({ key: value.post.uid, value })));
    await waitUntil(() => incidents.length === 3 && events.length === 6, 'three incidents and six events');

    const byPost = Object.fromEntries(incidents.map((i) => [i.postUid, i]));
    expect(byPost['vk:-1:101']).toMatchObject({ incidentId: 'inc:vk:-1:101', authority: 'housing_inspection', coExecutors: [], detectedAt: first.post.collectedAt });
    expect(byPost['vk:-1:102']).toMatchObject({ authority: 'housing_dept', importance: 'critical' });
    expect(byPost['vk:-1:104']).toMatchObject({ authority: 'vet_dept', coExecutors: ['lipetsk_city_admin'] });
    expect(byPost['vk:-1:103']).toBeUndefined();
    expect(byPost['vk:-1:101']?.evidence.map((e) => e.rule)).toContain('zhkh.management_company');

    const created = events.find((e) => e.eventId === 'inc:vk:-1:101:created');
    const routed = events.find((e) => e.eventId === 'inc:vk:-1:101:routed');
    expect(created).toMatchObject({ type: 'created', at: first.post.collectedAt, actor: 'router' });
    expect(routed).toMatchObject({ type: 'routed', at: '2026-11-10T06:00:00.000Z', authority: 'housing_inspection' });
    expect(events.find((e) => e.eventId === 'inc:vk:-1:104:routed')?.coExecutors).toEqual(['lipetsk_city_admin']);

    await waitUntil(() => router.health().counters.noResponse === 1, 'the abusive post counted as needing no answer');
    const stored = await rows();
    expect(stored.map((r) => [r.incident_id, r.authority, r.co_executors, r.status])).toEqual([
      ['inc:vk:-1:101', 'housing_inspection', [], 'routed'],
      ['inc:vk:-1:102', 'housing_dept', [], 'routed'],
      ['inc:vk:-1:104', 'vet_dept', ['lipetsk_city_admin'], 'routed'],
    ]);
  });

  it('alerts once about a critical post', async () => {
    await waitUntil(() => alerts.length === 1, 'one alert');
    expect(alerts[0]).toMatchObject({ kind: 'critical_post', severity: 'critical', incidentId: 'inc:vk:-1:102', alertId: 'critical_post:inc:vk:-1:102' });
  });

  it('joins a repeated complaint to the authority of the earlier incident', async () => {
    clock.set('2026-11-17T07:05:00Z');
    await bus.publish(Topics.postsClassified, [{ key: repeat.post.uid, value: repeat }]);
    await waitUntil(() => incidents.length === 4, 'the repeat incident');
    const incident = incidents[3]!;
    // On its own text the repeat would go to the housing department; it joins the inspection instead.
    expect(incident).toMatchObject({ incidentId: 'inc:vk:-1:105', authority: 'housing_inspection', repeatOfIncidentId: 'inc:vk:-1:101', importance: 'high' });
    expect(incident.evidence.map((e) => e.rule)).toContain('repeat:joins_earlier_incident');
    const row = (await rows()).find((r) => r.incident_id === 'inc:vk:-1:105');
    expect(row).toMatchObject({ authority: 'housing_inspection', repeat_of_incident_id: 'inc:vk:-1:101' });
    expect(router.health().counters.repeats).toBe(1);
  });

  it('repeats exactly the same messages when a post is replayed, and writes no new row', async () => {
    const before = await rows();
    const eventsBefore = events.length;
    clock.set('2026-11-20T12:00:00Z');
    await router.handle(first);
    await waitUntil(() => events.length === eventsBefore + 2, 'the replayed events');
    const replayed = events.slice(-2);
    expect(replayed.map((e) => e.eventId)).toEqual(['inc:vk:-1:101:created', 'inc:vk:-1:101:routed']);
    expect(replayed[1]?.at).toBe('2026-11-10T06:00:00.000Z');
    expect(await rows()).toEqual(before);
    expect(router.health().counters.replayed).toBe(1);
  });

  it('reports its counters and the incidents per authority', () => {
    const health = router.health();
    expect(health.state).toBe('running');
    expect(health.counters).toMatchObject({ incidents: 4, noResponse: 1, alerts: 1, 'routedByAuthority.housing_inspection': 2 });
    expect(health.details?.routedByAuthority).toEqual({ housing_inspection: 2, housing_dept: 1, vet_dept: 1 });
  });

  it('rejects a bad config before it runs', () => {
    expect(() => createRouterService({ bus, store, clock, logger: createLogger({ name: 't', level: 'silent' }) }, { groupId: '' })).toThrow(/groupId/);
    expect(() => createRouterService({ bus, store, clock, logger: createLogger({ name: 't', level: 'silent' }) }, { unknown: 1 } as never)).toThrow();
  });

  it('routes a batch in one go: a repeat of a post in the same batch joins its incident, a duplicate is a replay', async () => {
    clock.set('2026-11-21T07:00:00Z');
    const eventsBefore = events.length;
    const a = classified('vk:-1:201', 'Катукова 35: батареи холодные, управляющая компания не отвечает', {});
    const again = classified('vk:-1:202', 'Снова про Катукова 35: батареи холодные, никто не пришёл', { importance: 'high', repeatOf: 'vk:-1:201' });
    await router.handleBatch([a, again, a]);
    await waitUntil(() => events.length === eventsBefore + 6, 'two incidents and the replayed one');
    const byId = new Map(incidents.slice(-3).map((i) => [i.incidentId, i]));
    expect(byId.get('inc:vk:-1:202')).toMatchObject({ authority: byId.get('inc:vk:-1:201')!.authority, repeatOfIncidentId: 'inc:vk:-1:201' });
    const stored = (await rows()).filter((r) => r.incident_id === 'inc:vk:-1:201' || r.incident_id === 'inc:vk:-1:202');
    expect(stored).toHaveLength(2);
    expect(router.health().counters).toMatchObject({ incidents: 6, repeats: 2, replayed: 2 });
  });

  it('does not repeat the classifier\'s route evidence when the router decides the same', async () => {
    const routeOfFirst = incidents.find((i) => i.postUid === 'vk:-1:101')!.evidence.filter((e) => e.step === 'route');
    expect(routeOfFirst.length).toBeGreaterThan(0);
    // The classifier already suggested exactly what the router will decide for this text.
    const agreeing = classified('vk:-1:301', 'Катукова 37: батареи холодные, управляющая компания не отвечает', {
      evidence: [{ step: 'topic', value: 'zhkh', matched: ['батареи'] }, ...routeOfFirst],
    });
    const before = incidents.length;
    await router.handleBatch([agreeing]);
    await waitUntil(() => incidents.length === before + 1, 'the incident is published');
    const evidence = incidents.at(-1)!.evidence.map((e) => JSON.stringify(e));
    expect(new Set(evidence).size).toBe(evidence.length);
    expect(evidence).toEqual(expect.arrayContaining(routeOfFirst.map((e) => JSON.stringify(e))));
  });
});
