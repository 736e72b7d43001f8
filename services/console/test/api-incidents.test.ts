import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentEvent, Topics } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import type { ConsoleApp } from '../src/app';
import type { Bus } from '@cur/shared/bus/bus';
import { bearer, buildTestApp, openTestStore, seed, tokens } from './helpers';

describe('incident queue and workflow API', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: ConsoleApp;
  let bus: Bus;
  const published: IncidentEvent[] = [];

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore('console-api-'));
    await seed(store);
    ({ app, bus } = buildTestApp(store));
    await bus.subscribe({ topic: Topics.incidentEvents, groupId: 'test-watch', schema: IncidentEvent, handler: async (m) => { published.push(m.value); } });
  });
  afterAll(async () => {
    await app.server.close();
    await bus.close();
    await cleanup();
  });

  const waitFor = async (predicate: () => boolean) => {
    for (let i = 0; i < 100 && !predicate(); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(predicate()).toBe(true);
  };

  it('lists open incidents with the critical one first, then by nearest deadline', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/incidents', headers: bearer(tokens.curator) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(3);
    expect(body.items.map((i: { incidentId: string }) => i.incidentId)).toEqual(['inc:vk:1:1', 'inc:vk:1:3', 'inc:vk:1:2']);
    expect(body.items[1]).toMatchObject({ nextStage: 'draft', overdueStages: 1, repeatOfIncidentId: 'inc:vk:1:1' });
  });

  it('filters by overdue, repeat, authority, topic and text, and pages', async () => {
    const get = async (q: string) => (await app.server.inject({ method: 'GET', url: `/api/incidents?${q}`, headers: bearer(tokens.curator) })).json();
    expect((await get('overdue=true')).items.map((i: { incidentId: string }) => i.incidentId)).toEqual(['inc:vk:1:3']);
    expect((await get('repeat=true')).total).toBe(1);
    expect((await get('authority=roads_dept')).items[0].incidentId).toBe('inc:vk:1:2');
    expect((await get('topic=roads&location=yelets_city')).total).toBe(1);
    expect((await get('q=%D1%8F%D0%BC%D0%B0')).total).toBe(1);
    expect((await get('state=all')).total).toBe(4);
    const page = await get('limit=2&offset=2');
    expect(page.items).toHaveLength(1);
    expect(page.total).toBe(3);
  });

  it('rejects unknown filter values with a clear 400', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/incidents?importance=urgent', headers: bearer(tokens.curator) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('BAD_REQUEST');
    expect(res.json().error.message).toContain('query.importance');
  });

  it('shows an incident page with the post, evidence, timeline, clocks and the draft checklist', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/incidents/inc:vk:1:2', headers: bearer(tokens.curator) });
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.incident.url).toBe('https://vk.com/wall-1_2');
    expect(page.incident.evidence[0]).toMatchObject({ step: 'topic', value: 'zhkh' });
    expect(page.post.authorName).toBe('Анна Петрова');
    expect(page.events.map((e: { type: string }) => e.type)).toEqual(['created', 'routed', 'draft_submitted']);
    expect(page.clocks.map((c: { stage: string }) => c.stage)).toEqual(['route', 'review']);
    expect(page.phase).toBe('in_review');
    expect(page.actions).toEqual(['approve', 'rework', 'close']);
    const greeting = page.draftCheck.items.find((i: { code: string }) => i.code === 'greeting');
    expect(greeting.status).toBe('ok');
    expect(page.draftCheck.items.find((i: { code: string }) => i.code === 'questions').status).toBe('ok');
  });

  it('404s an unknown incident', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/api/incidents/inc:none', headers: bearer(tokens.curator) });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('approves a draft: one IncidentEvent with a deterministic id, audited, and the same id on retry', async () => {
    const send = () => app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:2/actions/approve', headers: bearer(tokens.curator), payload: { requestId: 'req-approve-0001' } });
    const first = await send();
    expect(first.statusCode).toBe(202);
    const second = await send();
    expect(second.json().eventId).toBe(first.json().eventId);
    await waitFor(() => published.some((e) => e.type === 'approved'));
    const event = published.find((e) => e.type === 'approved');
    expect(event).toMatchObject({ incidentId: 'inc:vk:1:2', actor: 'kurator', region: 'lipetsk', eventId: first.json().eventId });
    const audit = await app.server.inject({ method: 'GET', url: '/api/audit?incidentId=inc:vk:1:2', headers: bearer(tokens.admin) });
    const entries = audit.json().entries.filter((e: { action: string }) => e.action === 'action.approve');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ userId: 'kurator', eventId: first.json().eventId });
  });

  it('shows the published action as pending on the timeline until the watcher records it', async () => {
    const page = (await app.server.inject({ method: 'GET', url: '/api/incidents/inc:vk:1:2', headers: bearer(tokens.curator) })).json();
    expect(page.events.at(-1)).toMatchObject({ type: 'approved', isPending: true });
    expect(page.phase).toBe('approved');
    expect(page.actions).toContain('publish');
  });

  it('answers 409 for an action the lifecycle does not allow now', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/actions/approve', headers: bearer(tokens.curator), payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('requires a reason to return an incident', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/actions/return', headers: bearer(tokens.housing), payload: {} });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('MISSING_FIELD');
  });

  it('lets the executor submit a draft and returns the checklist', async () => {
    const res = await app.server.inject({
      method: 'POST', url: '/api/incidents/inc:vk:1:1/actions/draft', headers: bearer(tokens.housing),
      payload: { requestId: 'req-draft-0001', text: 'Отопление включат сегодня к 18:00.' },
    });
    expect(res.statusCode).toBe(202);
    expect(res.json().type).toBe('draft_submitted');
    const items = res.json().draftCheck.items;
    expect(items.find((i: { code: string }) => i.code === 'greeting').status).toBe('warning');
    expect(items.find((i: { code: string }) => i.code === 'questions').status).toBe('ok');
  });

  it('checks a draft on demand', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:3/draft-check', headers: bearer(tokens.housing), payload: { text: 'Здравствуйте! Воду дадут завтра.' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().questions[0]).toMatchObject({ isAddressed: false });
  });

  it('records corrections and emits importance_changed, rerouted and reclassified events', async () => {
    const res = await app.server.inject({
      method: 'POST', url: '/api/incidents/inc:vk:1:3/corrections', headers: bearer(tokens.curator),
      payload: { requestId: 'req-correct-0001', topic: 'zhkh', location: 'gryazinsky', importance: 'critical', authority: 'housing_inspection', comment: 'жалоба на УК' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().corrections.map((c: { field: string }) => c.field)).toEqual(['location', 'importance', 'authority']);
    expect(res.json().events.map((e: { type: string }) => e.type)).toEqual(['importance_changed', 'rerouted', 'reclassified']);
    await waitFor(() => published.some((e) => e.type === 'rerouted' && e.authority === 'housing_inspection'));
    expect(published.find((e) => e.type === 'importance_changed')?.importance).toBe('critical');
    // Only the field that changed: the topic was zhkh already.
    const reclassified = published.find((e) => e.type === 'reclassified');
    expect(reclassified).toMatchObject({ location: 'gryazinsky', reason: 'жалоба на УК' });
    expect(reclassified).not.toHaveProperty('topic');
    const exported = await app.server.inject({ method: 'GET', url: '/api/corrections', headers: bearer(tokens.analyst) });
    expect(exported.json().corrections).toContainEqual(expect.objectContaining({ postUid: 'vk:1:3', field: 'location', oldValue: 'lipetsk_city', newValue: 'gryazinsky' }));
    const page = (await app.server.inject({ method: 'GET', url: '/api/incidents/inc:vk:1:3', headers: bearer(tokens.curator) })).json();
    expect(page.incident.location).toBe('gryazinsky');
    expect(page.corrections).toHaveLength(3);
  });

  it('moves a corrected post in the posts table too, so the volume analytics count it under the new topic and place', async () => {
    const labelsOf = () => store.query<{ topic: string; location: string; n: number }>(
      "SELECT topic, location, count() OVER () AS n FROM posts FINAL WHERE uid = 'vk:1:2'");
    expect(await labelsOf()).toEqual([{ topic: 'roads', location: 'yelets_city', n: 1 }]);
    const topic = await app.server.inject({
      method: 'POST', url: '/api/incidents/inc:vk:1:2/corrections', headers: bearer(tokens.curator), payload: { requestId: 'req-relabel-1', topic: 'improvement' },
    });
    expect(topic.statusCode).toBe(201);
    expect(await labelsOf()).toEqual([{ topic: 'improvement', location: 'yelets_city', n: 1 }]);
    const place = await app.server.inject({
      method: 'POST', url: '/api/incidents/inc:vk:1:2/corrections', headers: bearer(tokens.curator), payload: { requestId: 'req-relabel-2', location: 'yeletsky' },
    });
    expect(place.statusCode).toBe(201);
    // Both corrections hold, the text and counts of the post are the same row's.
    const [row] = await store.query<{ topic: string; location: string; text: string; n: number }>(
      "SELECT topic, location, text, count() OVER () AS n FROM posts FINAL WHERE uid = 'vk:1:2'");
    expect(row).toEqual({ topic: 'improvement', location: 'yeletsky', text: 'Яма на ул. Мира. Когда отремонтируют дорогу?', n: 1 });
  });

  it('refuses a correction that changes nothing', async () => {
    const res = await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/corrections', headers: bearer(tokens.curator), payload: { topic: 'zhkh' } });
    expect(res.statusCode).toBe(400);
  });

  it('counts requests and actions in health', async () => {
    const res = await app.server.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json().counters.actions).toBe(2);
    expect(res.json().counters.corrections).toBe(5); // 3 fields of one correction, then one topic and one place
    expect(res.json().counters.requests).toBeGreaterThan(10);
  });
});
