// Authorization of the console API, route by route and role by role, on chDB with seeded incidents:
// - every route of the built app is enumerated (fastify's printRoutes) and must have a row in the table below,
//   so a new route without a decision about who may call it fails this test;
// - each row gives the status for: no token, a bad token, admin, curator, the executor of the incident's body,
//   the executor of a co-executing body, the executor of another body, analyst;
// - the 2xx cells are real calls against seeded data; every workflow action is tried by every role on an
//   incident in a phase where the action is valid, so 403 means "not allowed", never "not now".
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentEvent, Topics } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import type { ConsoleApp } from '../../services/console/src/app';
import type { ConsoleUser } from '../../services/console/src/config';
import { ActionName, actionRules } from '../../services/console/src/core/workflow';
import { buildTestApp, iso, openTestStore, seed } from '../../services/console/test/helpers';

type Role = 'anon' | 'badToken' | 'admin' | 'curator' | 'execOwn' | 'execCo' | 'execOther' | 'analyst';
const roles: Role[] = ['anon', 'badToken', 'admin', 'curator', 'execOwn', 'execCo', 'execOther', 'analyst'];
const signedIn = roles.filter((r) => r !== 'anon' && r !== 'badToken');

const tokens: Record<Exclude<Role, 'anon'>, string> = {
  badToken: 'not-a-real-token-0123456789',
  admin: 'authz-admin-token-0123456789',
  curator: 'authz-curator-token-0123456789',
  execOwn: 'authz-housing-token-0123456789',
  execCo: 'authz-inspection-token-0123456789',
  execOther: 'authz-roads-token-0123456789',
  analyst: 'authz-analyst-token-0123456789',
};
const loginOf: Record<Exclude<Role, 'anon' | 'badToken'>, string> = {
  admin: 'admin', curator: 'kurator', execOwn: 'gkh', execCo: 'inspektor', execOther: 'dorogi', analyst: 'analitik',
};
const users: ConsoleUser[] = [
  { id: 'admin', name: 'Администратор', role: 'admin', token: tokens.admin },
  { id: 'kurator', name: 'Куратор', role: 'curator', token: tokens.curator },
  { id: 'gkh', name: 'ЖКХ', role: 'executor', authority: 'housing_dept', token: tokens.execOwn },
  { id: 'inspektor', name: 'Жилинспекция', role: 'executor', authority: 'housing_inspection', token: tokens.execCo },
  { id: 'dorogi', name: 'Дороги', role: 'executor', authority: 'roads_dept', token: tokens.execOther },
  { id: 'analitik', name: 'Аналитик', role: 'analyst', token: tokens.analyst },
];
const headersOf = (role: Role): Record<string, string> => (role === 'anon' ? {} : { authorization: `Bearer ${tokens[role]}` });

/** Status per role, in the order of `roles`. */
type Row = Record<Role, number>;
const row = (...codes: number[]): Row => Object.fromEntries(roles.map((r, i) => [r, codes[i]!])) as Row;
const everyone = (code: number): Row => row(...roles.map(() => code));

// The incident every read and non-action route uses: housing_dept is responsible, housing_inspection co-executes.
const readIncident = 'inc:authz:read';

// ---------------------------------------------------------------------------------------------------------------
// The table. Keys are "METHOD url-pattern" exactly as fastify registers them; /ui/* stands for every static file.
// ---------------------------------------------------------------------------------------------------------------
interface Call { url: string; payload?: object }
const table: Record<string, { row: Row | 'actions' | 'login' | 'stream'; call: (role: Role) => Call }> = {
  'GET /health': { row: everyone(200), call: () => ({ url: '/health' }) },
  'GET /': { row: everyone(200), call: () => ({ url: '/' }) },
  'GET /ui/*': { row: everyone(200), call: () => ({ url: '/ui/js/main.js' }) },
  'POST /api/login': { row: 'login', call: () => ({ url: '/api/login' }) },
  'POST /api/logout': { row: everyone(200), call: () => ({ url: '/api/logout', payload: {} }) },
  //                                               anon badT admin cur  own  co   other analyst
  'GET /api/me': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/me' }) },
  'GET /api/meta': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/meta' }) },
  'GET /api/incidents': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/incidents?state=all' }) },
  'GET /api/incidents/:id': { row: row(401, 401, 200, 200, 200, 200, 403, 200), call: () => ({ url: `/api/incidents/${readIncident}` }) },
  'POST /api/incidents/:id/actions/:action': { row: 'actions', call: () => ({ url: '' }) },
  'POST /api/incidents/:id/corrections': {
    row: row(401, 401, 201, 201, 403, 403, 403, 403),
    call: (role) => ({ url: `/api/incidents/inc:authz:correct:${role}/corrections`, payload: { topic: 'roads', comment: 'тема другая' } }),
  },
  'POST /api/incidents/:id/draft-check': {
    row: row(401, 401, 200, 200, 200, 200, 403, 403),
    call: () => ({ url: `/api/incidents/${readIncident}/draft-check`, payload: { text: 'Здравствуйте! Воду дадут завтра.' } }),
  },
  'GET /api/analytics/volume': { row: row(401, 401, 200, 200, 403, 403, 403, 200), call: () => ({ url: '/api/analytics/volume' }) },
  'GET /api/analytics/top': { row: row(401, 401, 200, 200, 403, 403, 403, 200), call: () => ({ url: '/api/analytics/top' }) },
  'GET /api/analytics/table': { row: row(401, 401, 200, 200, 403, 403, 403, 200), call: () => ({ url: '/api/analytics/table' }) },
  'GET /api/analytics/spikes': { row: row(401, 401, 200, 200, 403, 403, 403, 200), call: () => ({ url: '/api/analytics/spikes?live=true' }) },
  'GET /api/alerts': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/alerts' }) },
  'GET /api/alerts/stream': { row: 'stream', call: () => ({ url: '/api/alerts/stream' }) },
  'GET /api/audit': { row: row(401, 401, 200, 200, 403, 403, 403, 403), call: () => ({ url: '/api/audit' }) },
  'GET /api/reports/compliance': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/reports/compliance?month=2026-11' }) },
  'GET /api/reports/breaches': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/reports/breaches?month=2026-11&format=csv' }) },
  'GET /api/reports/monthly': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/reports/monthly?month=2026-11' }) },
  'GET /api/reports/registry': { row: row(401, 401, 200, 200, 200, 200, 200, 200), call: () => ({ url: '/api/reports/registry' }) },
  'GET /api/outbox': { row: row(401, 401, 200, 403, 403, 403, 403, 403), call: () => ({ url: '/api/outbox' }) },
  'GET /api/corrections': { row: row(401, 401, 200, 200, 403, 403, 403, 200), call: () => ({ url: '/api/corrections' }) },
};

// Workflow actions: the phase each is tried in (one where it is valid), its body, and who may take it.
// Columns admin, curator, execOwn (responsible body), execCo (co-executor); everyone else: 401 or 403.
const actionCases: Record<ActionName, { phase: Phase; body: object; allowed: Array<'admin' | 'curator' | 'execOwn' | 'execCo'> }> = {
  route: { phase: 'created', body: { authority: 'roads_dept' }, allowed: ['admin', 'curator'] },
  reroute: { phase: 'routed', body: { authority: 'roads_dept' }, allowed: ['admin', 'curator'] },
  return: { phase: 'routed', body: { reason: 'не в компетенции' }, allowed: ['admin', 'execOwn'] },
  receive: { phase: 'routed', body: {}, allowed: ['admin', 'execOwn'] },
  // A contribution is the co-executor's: the responsible body has nothing to contribute to itself.
  contribute: { phase: 'routed', body: { text: 'Справка жилинспекции', authority: 'housing_inspection' }, allowed: ['admin', 'execCo'] },
  draft: { phase: 'received', body: { text: 'Здравствуйте! Воду дадут завтра.' }, allowed: ['admin', 'curator', 'execOwn'] },
  interim: { phase: 'received', body: { text: 'Здравствуйте! Проверяем.' }, allowed: ['admin', 'curator', 'execOwn'] },
  clarification: { phase: 'received', body: { text: 'Уточните адрес, пожалуйста.' }, allowed: ['admin', 'curator', 'execOwn'] },
  approve: { phase: 'in_review', body: {}, allowed: ['admin', 'curator'] },
  rework: { phase: 'in_review', body: { reason: 'нет сроков' }, allowed: ['admin', 'curator'] },
  publish: { phase: 'approved', body: {}, allowed: ['admin', 'curator', 'execOwn'] },
  close: { phase: 'answered', body: {}, allowed: ['admin', 'curator'] },
};

// ---------------------------------------------------------------------------------------------------------------
// Seed: incidents in each phase, with their event history.
// ---------------------------------------------------------------------------------------------------------------
type Phase = 'created' | 'routed' | 'received' | 'in_review' | 'approved' | 'answered';
const history: Record<Phase, string[]> = {
  created: ['created'],
  routed: ['created', 'routed'],
  received: ['created', 'routed', 'received'],
  in_review: ['created', 'routed', 'received', 'draft_submitted'],
  approved: ['created', 'routed', 'received', 'draft_submitted', 'approved'],
  answered: ['created', 'routed', 'received', 'draft_submitted', 'approved', 'published'],
};

function incidentRow(id: string, phase: Phase): Record<string, unknown> {
  return {
    incident_id: id, post_uid: `vk:7:${id}`, region: 'lipetsk', topic: 'zhkh', location: 'lipetsk_city', importance: 'normal',
    authority: 'housing_dept', co_executors: ['housing_inspection'], status: phase, repeat_of_incident_id: '', detected_at: iso(-120),
    created_at: iso(-119), updated_at: iso(-100), url: 'https://vk.com/wall-1_7', text: 'Нет горячей воды. Когда дадут воду?', source: 'vk',
    author_id: 'vk_100', evidence: '[]', version: 2,
  };
}

function eventRows(id: string, phase: Phase): Record<string, unknown>[] {
  return history[phase].map((type, i) => ({
    event_id: `${id}:e${i}`, incident_id: id, region: 'lipetsk', type, at: iso(-110 + i), actor: 'router',
    authority: type === 'routed' ? 'housing_dept' : '', co_executors: type === 'routed' ? ['housing_inspection'] : [], importance: '', reason: '',
    text: type === 'draft_submitted' ? 'Здравствуйте! Воду дадут завтра.' : '',
  }));
}

const actionIncident = (action: ActionName, role: Role): string => `inc:authz:${action}:${role}`;

async function seedAuthz(store: Store): Promise<void> {
  const incidents: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const add = (id: string, phase: Phase) => { incidents.push(incidentRow(id, phase)); events.push(...eventRows(id, phase)); };
  add(readIncident, 'received');
  for (const role of roles) add(`inc:authz:correct:${role}`, 'routed');
  for (const action of ActionName) for (const role of roles) add(actionIncident(action, role), actionCases[action].phase);
  await store.insert('incidents', incidents);
  await store.insert('incident_events', events);
}

// ---------------------------------------------------------------------------------------------------------------

let store: Store;
let cleanup: () => Promise<void>;
let app: ConsoleApp;
const published: IncidentEvent[] = [];

beforeAll(async () => {
  ({ store, cleanup } = await openTestStore('console-authz-'));
  await seed(store);
  await seedAuthz(store);
  const built = buildTestApp(store, { users, rateLimitPerMin: 1_000_000 });
  app = built.app;
  await built.bus.subscribe({ topic: Topics.incidentEvents, groupId: 'authz-test', schema: IncidentEvent, handler: async (m) => { published.push(m.value); } });
  await app.server.ready();
});
afterAll(async () => {
  await app.server.close();
  await cleanup();
});

/** "METHOD /url" of every route fastify holds (HEAD included), read from printRoutes' tree. */
function enumerateRoutes(): string[] {
  const out: string[] = [];
  const paths: string[] = [];
  for (const line of app.server.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    paths.length = depth;
    const path = (depth > 0 ? paths[depth - 1]! : '') + m[2]!;
    paths[depth] = path;
    for (const method of (m[3] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) out.push(`${method} ${path}`);
  }
  return out;
}

/** The memory bus hands messages to subscribers on a later tick: let them arrive before counting. */
const settled = async (count?: number): Promise<void> => {
  if (count !== undefined) await expect.poll(() => published.length, { timeout: 2_000 }).toBeGreaterThanOrEqual(count);
  await new Promise((resolve) => setTimeout(resolve, 15));
};

const inject = (method: 'GET' | 'POST' | 'HEAD', call: Call, headers: Record<string, string>) =>
  app.server.inject({ method, url: call.url, headers, ...(call.payload ? { payload: call.payload } : {}) });

describe('route inventory', () => {
  it('has a row in the authorization table for every route the app serves, and no row without a route', () => {
    const routes = enumerateRoutes();
    expect(routes.length).toBeGreaterThan(20);
    // Every HEAD is fastify's automatic twin of a GET (same handler, same checks).
    for (const head of routes.filter((r) => r.startsWith('HEAD '))) expect(routes).toContain(head.replace(/^HEAD /, 'GET '));
    const keys = new Set(routes.filter((r) => !r.startsWith('HEAD ')).map((r) => (r.startsWith('GET /ui/') ? 'GET /ui/*' : r)));
    expect([...keys].sort()).toEqual(Object.keys(table).sort());
  });
});

describe('authorization matrix', () => {
  for (const [route, entry] of Object.entries(table)) {
    if (typeof entry.row !== 'object') continue;
    const expected = entry.row;
    const method = route.split(' ')[0] as 'GET' | 'POST';
    it(`${route}: ${roles.map((r) => `${r} ${expected[r]}`).join(', ')}`, async () => {
      for (const role of roles) {
        const res = await inject(method, entry.call(role), headersOf(role));
        expect(res.statusCode, `${route} as ${role}: ${res.body.slice(0, 300)}`).toBe(expected[role]);
        if (expected[role] >= 400) {
          expect(res.json().error.code).toBe({ 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN' }[expected[role]] ?? res.json().error.code);
        }
        if (method === 'GET' && (role === 'anon' || role === 'badToken')) {
          expect((await inject('HEAD', entry.call(role), headersOf(role))).statusCode, `HEAD ${route} as ${role}`).toBe(expected[role]);
        }
      }
    });
  }

  it('POST /api/login: the form signs in each user; a wrong password is 401, no body 400', async () => {
    for (const role of signedIn) {
      const res = await inject('POST', { url: '/api/login', payload: { login: loginOf[role as keyof typeof loginOf], password: tokens[role as keyof typeof tokens] } }, {});
      expect(res.statusCode, role).toBe(200);
      const cookie = String(res.headers['set-cookie']).split(';')[0]!;
      // The session cookie carries the same rights as the token: an executor's session still cannot read another body's incident.
      const read = await inject('GET', { url: `/api/incidents/${readIncident}` }, { cookie });
      expect(read.statusCode, `${role} by cookie`).toBe(role === 'execOther' ? 403 : 200);
    }
    expect((await inject('POST', { url: '/api/login', payload: { login: 'admin', password: tokens.badToken } }, {})).statusCode).toBe(401);
    expect((await inject('POST', { url: '/api/login', payload: { login: 'nobody', password: tokens.admin } }, {})).statusCode).toBe(401);
    expect((await inject('POST', { url: '/api/login' }, {})).statusCode).toBe(400);
  });

  it('GET /api/alerts/stream: 401 without a valid token; an event stream for every signed-in role', async () => {
    for (const role of ['anon', 'badToken'] as const) expect((await inject('GET', { url: '/api/alerts/stream' }, headersOf(role))).statusCode).toBe(401);
    await app.server.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.server.address() as AddressInfo;
    for (const role of signedIn) {
      const { status, type } = await new Promise<{ status: number; type: string }>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, path: '/api/alerts/stream', headers: headersOf(role) }, (res) => {
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']) });
          req.destroy();
        });
        req.on('error', reject);
        req.end();
      });
      expect(status, role).toBe(200);
      expect(type).toContain('text/event-stream');
    }
  });

  it('refuses every other way of presenting credentials on every API route that needs them', async () => {
    const variants: Record<string, string>[] = [
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${tokens.admin} extra` },
      { authorization: `Token ${tokens.admin}` },
      { authorization: `Bearer ${tokens.admin.toUpperCase()}` },
      { authorization: `Bearer ${tokens.admin.slice(0, -1)}` },
      { cookie: 'cur_session=forged-session-id' },
      { cookie: `cur_session=${tokens.admin}` },
      // A bad bearer token is not rescued by a cookie, nor the other way round.
      { authorization: 'Bearer wrong-token-0123456789', cookie: 'cur_session=forged' },
    ];
    for (const [route, entry] of Object.entries(table)) {
      if (typeof entry.row !== 'object' || entry.row.anon !== 401) continue;
      const method = route.split(' ')[0] as 'GET' | 'POST';
      for (const headers of variants) {
        const res = await inject(method, entry.call('admin'), headers);
        expect(res.statusCode, `${route} with ${JSON.stringify(headers)}`).toBe(401);
      }
    }
  });
});

describe('workflow actions by role', () => {
  const expectedFor = (action: ActionName, role: Role): number => {
    if (role === 'anon' || role === 'badToken') return 401;
    return (actionCases[action].allowed as Role[]).includes(role) ? 202 : 403;
  };

  it('covers every action and agrees with the action rules', () => {
    expect(Object.keys(actionCases).sort()).toEqual([...ActionName].sort());
    for (const action of ActionName) {
      const ruleRoles = actionRules[action].roles;
      for (const who of ['admin', 'curator'] as const) expect(actionCases[action].allowed.includes(who), `${action} ${who}`).toBe(ruleRoles.includes(who));
    }
  });

  for (const action of ActionName) {
    it(`${action} (${actionCases[action].phase}): ${roles.map((r) => `${r} ${expectedFor(action, r)}`).join(', ')}`, async () => {
      for (const role of roles) {
        const id = actionIncident(action, role);
        const before = published.length;
        const res = await inject('POST', { url: `/api/incidents/${id}/actions/${action}`, payload: actionCases[action].body }, headersOf(role));
        const expected = expectedFor(action, role);
        expect(res.statusCode, `${action} as ${role}: ${res.body.slice(0, 300)}`).toBe(expected);
        await settled(expected === 202 ? before + 1 : undefined);
        if (expected === 202) {
          expect(published.length).toBe(before + 1);
          expect(published.at(-1)).toMatchObject({ incidentId: id, actor: loginOf[role as keyof typeof loginOf] });
        } else {
          expect(published.length, `${action} as ${role} published nothing`).toBe(before);
        }
      }
    });
  }

  it('executors of another body get 403 on every incident route, for every action, before anything else is checked', async () => {
    for (const action of ActionName) {
      // Even with a body that would be invalid and on an incident in a phase where the action is not allowed.
      for (const payload of [actionCases[action].body, {}]) {
        const res = await inject('POST', { url: `/api/incidents/${readIncident}/actions/${action}`, payload }, headersOf('execOther'));
        expect(res.statusCode, action).toBe(403);
      }
    }
    for (const [url, payload] of [
      [`/api/incidents/${readIncident}`, undefined],
      [`/api/incidents/${readIncident}/corrections`, { topic: 'roads' }],
      [`/api/incidents/${readIncident}/draft-check`, { text: 'x' }],
    ] as const) {
      const res = await inject(payload ? 'POST' : 'GET', { url, ...(payload ? { payload } : {}) }, headersOf('execOther'));
      expect(res.statusCode, url).toBe(403);
    }
    // The queue hides it too, whatever the filter.
    const queue = (await inject('GET', { url: '/api/incidents?state=all&authority=housing_dept&q=%D0%B2%D0%BE%D0%B4%D1%83' }, headersOf('execOther'))).json();
    expect(queue.items.map((i: { incidentId: string }) => i.incidentId)).not.toContain(readIncident);
  });

  it('an analyst never acts, not even by replaying the request id of an action someone else took', async () => {
    const id = actionIncident('receive', 'admin'); // the admin received it above
    const byAdmin = await inject('POST', { url: `/api/incidents/${id}/actions/close`, payload: { requestId: 'close-request-0001' } }, headersOf('admin'));
    expect(byAdmin.statusCode).toBe(202);
    await settled();
    const before = published.length;
    for (const role of ['analyst', 'execOther', 'execCo'] as const) {
      const replay = await inject('POST', { url: `/api/incidents/${id}/actions/close`, payload: { requestId: 'close-request-0001' } }, headersOf(role));
      expect(replay.statusCode, role).toBe(403);
    }
    // The same request by the same admin is a harmless repeat.
    const again = await inject('POST', { url: `/api/incidents/${id}/actions/close`, payload: { requestId: 'close-request-0001' } }, headersOf('admin'));
    expect(again.statusCode).toBe(202);
    expect(again.json().isRepeat).toBe(true);
    await settled();
    expect(published.length).toBe(before);
  });

  it('an executor acts in the name of its own body only', async () => {
    // A contribution is recorded as the co-executor's own, whatever the body says.
    const id = actionIncident('contribute', 'execCo');
    const last = published.filter((e) => e.incidentId === id).at(-1);
    expect(last).toMatchObject({ type: 'contribution_submitted', authority: 'housing_inspection', actor: 'inspektor' });
    const spoof = await inject('POST', { url: `/api/incidents/${actionIncident('contribute', 'execOwn')}/actions/contribute`, payload: { text: 'вклад', authority: 'housing_inspection' } }, headersOf('execOwn'));
    expect(spoof.statusCode).toBe(403);
    // No action but routing and contributing takes an authority: a draft cannot carry another body's name.
    const draft = await inject('POST', { url: `/api/incidents/${readIncident}/actions/draft`, payload: { text: 'Здравствуйте!', authority: 'roads_dept' } }, headersOf('execOwn'));
    expect(draft.statusCode).toBe(400);
    expect(draft.json().error.message).toMatch(/authority/);
  });
});

describe('designed 400 / 404 / 409 answers', () => {
  it('answers 404 for an unknown incident to every signed-in role, 401 without a token', async () => {
    for (const role of roles) {
      const res = await inject('GET', { url: '/api/incidents/inc:no-such-incident' }, headersOf(role));
      expect(res.statusCode, role).toBe(role === 'anon' || role === 'badToken' ? 401 : 404);
    }
    const act = await inject('POST', { url: '/api/incidents/inc:no-such-incident/actions/close', payload: {} }, headersOf('curator'));
    expect(act.statusCode).toBe(404);
  });

  it('answers 409 for an action the phase does not allow, and 400 for an unknown action or a missing field', async () => {
    const closed = await inject('POST', { url: `/api/incidents/${readIncident}/actions/approve`, payload: {} }, headersOf('curator'));
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error.code).toBe('INVALID_TRANSITION');
    expect((await inject('POST', { url: `/api/incidents/${readIncident}/actions/delete`, payload: {} }, headersOf('admin'))).statusCode).toBe(400);
    const missing = await inject('POST', { url: `/api/incidents/${readIncident}/actions/draft`, payload: {} }, headersOf('execOwn'));
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.code).toBe('MISSING_FIELD');
  });

  it('checks who is calling before it validates the input: no token and a bad body is still 401', async () => {
    for (const role of ['anon', 'badToken'] as const) {
      const res = await inject('POST', { url: `/api/incidents/${readIncident}/actions/delete`, payload: { sql: 'DROP TABLE posts' } }, headersOf(role));
      expect(res.statusCode).toBe(401);
      expect((await inject('GET', { url: '/api/analytics/volume?bucket=%27' }, headersOf(role))).statusCode).toBe(401);
    }
  });
});
