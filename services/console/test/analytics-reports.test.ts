import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Alert, Topics } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import type { Bus } from '@cur/shared/bus/bus';
import type { ConsoleApp } from '../src/app';
import { bearer, buildTestApp, iso, openTestStore, seed, tokens } from './helpers';

describe('analytics, spikes and reports', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: ConsoleApp;
  let bus: Bus;

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore('console-analytics-'));
    await seed(store);
    ({ app, bus } = buildTestApp(store));
  });
  afterAll(async () => {
    await app.stopBackground();
    await app.server.close();
    await bus.close();
    await cleanup();
  });

  const get = (url: string, token = tokens.analyst) => app.server.inject({ method: 'GET', url, headers: bearer(token) });
  const range = `from=${encodeURIComponent(iso(-2 * 24 * 60))}&to=${encodeURIComponent(iso(0))}`;

  it('counts posts per hour by topic', async () => {
    const res = await get(`/api/analytics/volume?${range}&bucket=hour&by=topic`);
    expect(res.statusCode).toBe(200);
    const points = res.json().points as { bucketStart: string; key: string; count: number }[];
    const roads = points.filter((p) => p.key === 'roads').reduce((a, p) => a + p.count, 0);
    expect(roads).toBe(12 + 14 + 1);
    expect(points.find((p) => p.bucketStart === '2026-11-10T09:00:00.000Z' && p.key === 'roads')?.count).toBe(14);
  });

  it('buckets days in the region\'s time zone and can count rejected posts', async () => {
    const days = (await get(`/api/analytics/volume?${range}&bucket=day&by=importance&status=all`)).json().points as { bucketStart: string }[];
    // Moscow midnight is 21:00 UTC the day before.
    expect(new Set(days.map((p) => p.bucketStart))).toEqual(new Set(['2026-11-08T21:00:00.000Z', '2026-11-09T21:00:00.000Z']));
    const rejected = (await get(`/api/analytics/volume?${range}&bucket=month&by=source&status=rejected`)).json().points;
    expect(rejected).toEqual([{ bucketStart: '2026-10-31T21:00:00.000Z', key: 'vk', count: 1 }]);
  });

  it('groups by responsible authority', async () => {
    const points = (await get(`/api/analytics/volume?${range}&bucket=week&by=authority`)).json().points as { key: string }[];
    expect(new Set(points.map((p) => p.key))).toEqual(new Set(['roads_dept', 'housing_dept']));
  });

  it('ranks top topics and builds the table by municipality', async () => {
    const top = (await get(`/api/analytics/top?${range}&by=topic`)).json().rows;
    expect(top[0]).toMatchObject({ key: 'roads', count: 27 });
    expect(top[1]).toMatchObject({ key: 'zhkh', count: 6, critical: 1 });
    const table = (await get(`/api/analytics/table?${range}&rows=location&columns=topic`)).json().cells;
    expect(table).toContainEqual({ row: 'yelets_city', column: 'roads', count: 27 });
  });

  it('treats injection attempts in analytics parameters as 400, never as SQL', async () => {
    const hostile = [
      'bucket=hour);DROP TABLE posts;--', 'by=topic,(SELECT 1)', "by=topic' OR '1'='1", 'status=all%27%20OR%201=1',
      'from=2026-11-01%27)%20OR%201=1--', 'region=lipetsk%27%20OR%20%271', 'topic=zhkh%27%20UNION%20SELECT%20*%20FROM%20console_audit--',
      'limit=10;DROP', 'rows=location&columns=toString(1)',
    ];
    for (const q of hostile) {
      const url = q.startsWith('rows') ? `/api/analytics/table?${q}` : q.startsWith('limit') ? `/api/analytics/top?${q}` : `/api/analytics/volume?${q}`;
      const res = await get(url);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
    const text = await get('/api/incidents?q=%27)%20OR%201%3D1%20--', tokens.curator);
    expect(text.statusCode).toBe(200);
    expect(text.json().total).toBe(0);
    const count = await store.query<{ n: number }>('SELECT count() AS n FROM posts');
    expect(Number(count[0]?.n)).toBeGreaterThan(0);
  });

  it('refuses a period with too many buckets', async () => {
    const res = await get(`/api/analytics/volume?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=5m`);
    expect(res.statusCode).toBe(400);
  });

  it('finds the spike of road posts in Yelets live, with posts and a Russian summary', async () => {
    const res = await get(`/api/analytics/spikes?live=true`);
    expect(res.statusCode).toBe(200);
    const live = res.json().live;
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ topic: 'roads', location: 'yelets_city', count: 14, severity: 'critical', startedAt: iso(-55) });
    expect(live[0].summary).toContain('«Дороги», г. Елец — 14 сообщений за последний час');
    expect(live[0].posts).toHaveLength(14);
  });

  it('publishes one spike alert per window and pushes it to listeners', async () => {
    await app.startBackground();
    const received: Alert[] = [];
    app.context.hub.listen((a) => received.push(a));
    const fresh = await app.context.spikeWatch.runOnce();
    expect(fresh).toHaveLength(1);
    expect(await app.context.spikeWatch.runOnce()).toHaveLength(0);
    for (let i = 0; i < 100 && received.length === 0; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(received[0]).toMatchObject({ kind: 'spike', severity: 'critical', data: { topic: 'roads', location: 'yelets_city' } });
    const stored = (await get(`/api/analytics/spikes`)).json().spikes;
    expect(stored).toHaveLength(1);
    const recent = (await get('/api/alerts', tokens.curator)).json().alerts;
    expect(recent[0].kind).toBe('spike');
    // Executors do not get region-wide spike alerts.
    expect((await get('/api/alerts', tokens.housing)).json().alerts).toEqual([]);
  });

  it('passes critical-post alerts from the bus to the UI', async () => {
    const alert = Alert.parse({ schemaVersion: 1, alertId: 'critical:inc:vk:1:1', kind: 'critical_post', severity: 'critical', region: 'lipetsk', incidentId: 'inc:vk:1:1', at: iso(0), message: 'Критическое сообщение: нет отопления', data: { authority: 'housing_dept' } });
    await bus.publish(Topics.alerts, [{ key: alert.alertId, value: alert }]);
    for (let i = 0; i < 100 && !app.context.hub.recent().some((a) => a.alertId === alert.alertId); i += 1) await new Promise((r) => setTimeout(r, 20));
    const forHousing = (await get('/api/alerts', tokens.housing)).json().alerts;
    expect(forHousing.map((a: Alert) => a.alertId)).toEqual(['critical:inc:vk:1:1']);
    expect((await get('/api/alerts', tokens.roads)).json().alerts).toEqual([]);
  });

  it('reports SLA compliance per authority and breaches by stage for a month', async () => {
    const res = (await get('/api/reports/compliance?month=2026-11')).json();
    const housing = res.rows.find((r: { authority: string }) => r.authority === 'housing_dept');
    expect(housing).toMatchObject({ total: 2, met: 0, breached: 1, open: 2, overdueOpen: 1, compliancePct: 0, avgOverdueMin: 60 });
    const roads = res.rows.find((r: { authority: string }) => r.authority === 'roads_dept');
    expect(roads).toMatchObject({ total: 2, met: 1, breached: 0, compliancePct: 100 });
    expect(res.stages[0]).toMatchObject({ stage: 'draft', authority: 'housing_dept', breached: 1 });
  });

  it('builds the monthly summary with last month for comparison', async () => {
    const res = (await get('/api/reports/monthly?month=2026-11')).json();
    expect(res.previousMonth).toBe('2026-10');
    expect(res.summaryError).toBeNull();
    expect(res.summary).toMatchObject({ month: '2026-11', previousMonth: '2026-10' });
    expect(res.summary.rows.map((r: { authority: string }) => r.authority)).toContain('health_dept');
    expect(res.rows.find((r: { authority: string }) => r.authority === 'health_dept')).toMatchObject({ incidents: 1, answered: 1, answerMet: 1, timelinessPct: 100 });
    expect(res.rows.find((r: { authority: string }) => r.authority === 'housing_dept')).toMatchObject({ incidents: 2, critical: 1 });
  });

  it('lists the registry of answered posts and downloads it as CSV', async () => {
    const res = (await get(`/api/reports/registry?${range}`)).json();
    expect(res.rows).toHaveLength(1);
    expect(res.rows[0]).toMatchObject({ incidentId: 'inc:vk:1:4', authority: 'health_dept', answerText: 'Здравствуйте! Спасибо за отзыв.', isOnTime: true });
    const csv = await get(`/api/reports/registry?${range}&format=csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('attachment; filename="answered-registry-');
    const lines = csv.body.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('№;Дата выявления;Дата ответа;Вид ответа;Источник;Ссылка;Автор;Тема;Территория;Важность;Исполнитель;Срок ответа;В срок;Текст ответа');
    expect(lines[1]).toContain('Управление здравоохранения');
    expect(lines[1]).toContain(';да;');
  });

  it('downloads compliance, breaches and the monthly summary as CSV', async () => {
    for (const path of ['compliance', 'breaches', 'monthly']) {
      const res = await get(`/api/reports/${path}?month=2026-11&format=csv`);
      expect(res.statusCode, path).toBe(200);
      expect(res.body.split('\r\n').length, path).toBeGreaterThan(2);
    }
  });

  it('rejects a malformed month', async () => {
    expect((await get('/api/reports/monthly?month=2026-13')).statusCode).toBe(400);
    expect((await get("/api/reports/monthly?month=2026-11'--")).statusCode).toBe(400);
  });
});
