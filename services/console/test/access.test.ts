import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@cur/shared/store/clickhouse';
import type { ConsoleApp } from '../src/app';
import { bearer, buildTestApp, openTestStore, seed, tokens } from './helpers';

describe('access: roles, tokens, sessions and limits', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: ConsoleApp;

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore('console-access-'));
    await seed(store);
    ({ app } = buildTestApp(store, { rateLimitPerMin: 1000, bodyLimitBytes: 4096 }));
  });
  afterAll(async () => {
    await app.server.close();
    await cleanup();
  });

  const get = (url: string, token?: string) => app.server.inject({ method: 'GET', url, headers: token ? bearer(token) : {} });
  const post = (url: string, token: string, payload: object = {}) => app.server.inject({ method: 'POST', url, headers: bearer(token), payload });

  it('answers 401 without a token and with a wrong one', async () => {
    for (const url of ['/api/incidents', '/api/incidents/inc:vk:1:1', '/api/analytics/volume', '/api/reports/compliance', '/api/meta']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHENTICATED');
    }
    expect((await get('/api/incidents', 'not-a-real-token-000')).statusCode).toBe(401);
    expect((await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/actions/close', payload: {} })).statusCode).toBe(401);
  });

  it('serves /health without a token', async () => {
    expect((await get('/health')).statusCode).toBe(200);
  });

  it('gives an executor only its own body\'s incidents in the queue', async () => {
    const roads = (await get('/api/incidents?state=all', tokens.roads)).json();
    expect(roads.items.map((i: { incidentId: string }) => i.incidentId)).toEqual(['inc:vk:1:2']);
    // An executor cannot widen the filter to another body.
    const widened = (await get('/api/incidents?authority=housing_dept', tokens.roads)).json();
    expect(widened.total).toBe(0);
  });

  it('answers 403 when an executor reads or acts on another body\'s incident', async () => {
    expect((await get('/api/incidents/inc:vk:1:1', tokens.roads)).statusCode).toBe(403);
    const act = await post('/api/incidents/inc:vk:1:1/actions/draft', tokens.roads, { text: 'Здравствуйте!' });
    expect(act.statusCode).toBe(403);
    expect(act.json().error.code).toBe('FORBIDDEN');
    expect((await post('/api/incidents/inc:vk:1:1/draft-check', tokens.roads, { text: 'x' })).statusCode).toBe(403);
  });

  it('lets an executor read and act on its own incident', async () => {
    expect((await get('/api/incidents/inc:vk:1:1', tokens.housing)).statusCode).toBe(200);
    expect((await post('/api/incidents/inc:vk:1:1/actions/receive', tokens.housing, { requestId: 'receive-0001' })).statusCode).toBe(202);
  });

  it('keeps executors away from curator actions and corrections', async () => {
    expect((await post('/api/incidents/inc:vk:1:2/actions/approve', tokens.roads)).statusCode).toBe(403);
    expect((await post('/api/incidents/inc:vk:1:2/corrections', tokens.roads, { topic: 'zhkh' })).statusCode).toBe(403);
  });

  it('lets an analyst read analytics and reports but never act', async () => {
    expect((await get('/api/analytics/volume', tokens.analyst)).statusCode).toBe(200);
    expect((await get('/api/reports/monthly?month=2026-11', tokens.analyst)).statusCode).toBe(200);
    expect((await get('/api/incidents', tokens.analyst)).statusCode).toBe(200);
    expect((await post('/api/incidents/inc:vk:1:2/actions/approve', tokens.analyst)).statusCode).toBe(403);
    expect((await post('/api/incidents/inc:vk:1:2/corrections', tokens.analyst, { topic: 'zhkh' })).statusCode).toBe(403);
    expect((await post('/api/incidents/inc:vk:1:2/draft-check', tokens.analyst, { text: 'x' })).statusCode).toBe(403);
  });

  it('keeps analytics away from executors and the outbox to admins', async () => {
    expect((await get('/api/analytics/volume', tokens.housing)).statusCode).toBe(403);
    expect((await get('/api/outbox', tokens.curator)).statusCode).toBe(403);
    expect((await get('/api/outbox', tokens.admin)).statusCode).toBe(200);
  });

  it('scopes an executor\'s reports to its own body', async () => {
    const res = (await get('/api/reports/compliance?month=2026-11&authority=health_dept', tokens.roads)).json();
    expect(res.rows.every((r: { authority: string }) => r.authority === 'roads_dept')).toBe(true);
  });

  it('signs in through the form with an HttpOnly SameSite=Strict cookie and signs out', async () => {
    const bad = await app.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'kurator', password: 'wrong' } });
    expect(bad.statusCode).toBe(401);
    const login = await app.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'kurator', password: tokens.curator } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(/^cur_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await app.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(me.json().user).toMatchObject({ id: 'kurator', role: 'curator' });
    await app.server.inject({ method: 'POST', url: '/api/logout', headers: { cookie }, payload: {} });
    expect((await app.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('keeps a signed-in session across a restart of the console, and not a signed-out one', async () => {
    const signIn = async (target: ConsoleApp): Promise<string> => {
      const login = await target.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'kurator', password: tokens.curator } });
      expect(login.statusCode).toBe(200);
      return String(login.headers['set-cookie']).split(';')[0] ?? '';
    };
    const kept = await signIn(app);
    const signedOut = await signIn(app);
    await app.server.inject({ method: 'POST', url: '/api/logout', headers: { cookie: signedOut }, payload: {} });
    // A new console process on the same store: its memory is empty until it loads the table at start.
    const { app: restarted } = buildTestApp(store, { rateLimitPerMin: 1000 });
    try {
      const me = await restarted.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: kept } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user).toMatchObject({ id: 'kurator', role: 'curator' });
      expect((await restarted.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: signedOut } })).statusCode).toBe(401);
      // Only a hash of the session id is stored.
      const rows = await store.query<{ session_hash: string }>('SELECT session_hash FROM console_sessions');
      expect(rows.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(rows)).not.toContain(kept.split('=')[1]!);
    } finally {
      await restarted.server.close();
    }
  });

  it('shares sessions between two running console instances: a sign-in on one works on the other, a sign-out ends it there within 30 s', async () => {
    const { app: one } = buildTestApp(store, { rateLimitPerMin: 1000 });
    const { app: two, clock } = buildTestApp(store, { rateLimitPerMin: 1000 });
    try {
      await one.server.ready();
      await two.server.ready(); // both running before the sign-in: neither loaded it at start
      const login = await one.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'kurator', password: tokens.curator } });
      const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
      const meOnTwo = await two.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
      expect(meOnTwo.statusCode).toBe(200);
      expect(meOnTwo.json().user).toMatchObject({ id: 'kurator', role: 'curator' });
      await one.server.inject({ method: 'POST', url: '/api/logout', headers: { cookie }, payload: {} });
      expect((await one.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
      clock.advanceMs(31_000); // instance two checks its cached sessions against the table every 30 s
      expect((await two.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
      // A cookie nobody signed in with is refused too (and asked of the table at most once per 30 s).
      expect((await two.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'cur_session=forged-session-id' } })).statusCode).toBe(401);
    } finally {
      await one.server.close();
      await two.server.close();
    }
  });

  it('refuses a sign-in whose session cannot be written, and keeps known sessions working while the store cannot be read', async () => {
    let isDown = false;
    const down = () => Promise.reject(Object.assign(new Error('store unavailable'), { retriable: true }));
    const flaky: Store = {
      ...store,
      insert: (table, rows) => (isDown && table === 'console_sessions' ? down() : store.insert(table, rows)),
      query: (sql, params) => (isDown && sql.includes('console_sessions') ? down() : store.query(sql, params)),
    };
    const { app: instance, clock } = buildTestApp(flaky, { rateLimitPerMin: 1000 });
    const login = () => instance.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'kurator', password: tokens.curator } });
    const me = (cookie: string) => instance.server.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    try {
      const cookie = String((await login()).headers['set-cookie']).split(';')[0] ?? '';
      isDown = true;
      const refused = await login();
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('STORE_UNAVAILABLE');
      expect(refused.headers['set-cookie']).toBeUndefined();
      clock.advanceMs(31_000); // due for a check against the table, which cannot be read
      expect((await me(cookie)).statusCode).toBe(200);
      expect((await me('cur_session=never-signed-in')).statusCode).toBe(401);
      isDown = false;
      clock.advanceMs(31_000);
      expect((await me(cookie)).statusCode).toBe(200);
    } finally {
      await instance.server.close();
    }
  });

  it('audits logins, including failed ones, without the password', async () => {
    const entries = (await get('/api/audit?limit=50', tokens.admin)).json().entries as { action: string; detail: string }[];
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['login', 'login.failed']));
    expect(JSON.stringify(entries)).not.toContain(tokens.curator);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await post('/api/incidents/inc:vk:1:1/draft-check', tokens.housing, { text: 'а'.repeat(10_000) });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses unknown body fields with 400', async () => {
    const res = await post('/api/incidents/inc:vk:1:1/actions/receive', tokens.housing, { requestId: 'receive-0002', sql: 'DROP TABLE' });
    expect(res.statusCode).toBe(400);
  });

  it('serves the UI with a strict content security policy', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body).toContain('lang="ru"');
    expect((await get('/ui/js/main.js')).statusCode).toBe(200);
    expect((await get('/ui/../src/app.ts')).statusCode).toBe(404);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the per-client limit', async () => {
    const { store, cleanup } = await openTestStore('console-rate-');
    const { app } = buildTestApp(store, { rateLimitPerMin: 5 });
    const codes: number[] = [];
    for (let i = 0; i < 7; i += 1) codes.push((await app.server.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.analyst) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const res = await app.server.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.analyst) });
    expect(res.headers['retry-after']).toBeDefined();
    expect(res.json().error.code).toBe('RATE_LIMITED');
    // Another client is not affected.
    expect((await app.server.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.admin) })).statusCode).toBe(200);
    await app.server.close();
    await cleanup();
  });
});
