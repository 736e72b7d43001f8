import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson, okFixture, startFakePlatforms, type FakePlatforms } from './fake-platforms';
import { makeCollector } from './harness';
import type { Credentials } from '../src/env';

let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterEach(() => fake.reset());
afterAll(async () => { await fake.close(); });

const credentials: Credentials = { vk: [], ok: { applicationKey: okFixture.appKey, applicationSecretKey: okFixture.appSecret, accessToken: okFixture.accessToken }, youtube: null };
const config = () => ({ platforms: { ok: { baseUrl: fake.url } }, sources: [{ type: 'ok_group' as const, id: 'ok-elets', groupId: '56893217640455', backfill: { hours: 24 * 7, maxItems: 500 } }] });

describe('OK group', () => {
  it('signs every call (the server checks sig) and collects topics and comments', async () => {
    const start = fake.requests.length;
    const h = makeCollector(config(), { credentials });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toBeNull();
    expect(outcome!.published.map((p) => p.uid)).toEqual([
      'ok:56893217640455:156104822749447', 'ok:56893217640455:156104739018503', 'ok:56893217640455:156104650227971',
      'ok:56893217640455:156104822749447:TpBVN9Cm2GEljaLngBe9C4TEiafdLBw6', 'ok:56893217640455:156104822749447:qdJbeHF8SD2b4dgsU2E5Ka4UUmCaaGia',
      'ok:56893217640455:156104822749447:vpeIhGLh7dUFGaVzdfP90NA1HGJml881', 'ok:56893217640455:156104822749447:I7dP21bYKruHWGODQvyhU8RPNkwfnRDk',
    ]);
    const calls = fake.requests.slice(start);
    expect(calls.map((r) => r.query.get('method'))).toEqual(['mediatopic.getTopics', 'discussions.getComments', 'discussions.getComments', 'discussions.getComments']);
    expect(calls.every((r) => r.query.get('application_key') === okFixture.appKey && /^[0-9a-f]{32}$/.test(r.query.get('sig') ?? ''))).toBe(true);
  });

  it('stops on an expired session (102) with a clear error', async () => {
    fake.queue('/fb.do', { json: fixtureJson('ok/error.json') });
    const h = makeCollector(config(), { credentials });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'AUTH_FAILED', platformCode: 102, scope: 'token' });
    expect(h.logs.some((l) => /OK token rejected/.test(String(l.msg)))).toBe(true);
  });

  it('is disabled with one line when the OK credentials are missing', () => {
    const h = makeCollector(config());
    expect(h.logs.filter((l) => String(l.msg).includes('disabled')).map((l) => l.msg)).toEqual(['ok disabled: OK_APP_KEY, OK_APP_SECRET and OK_ACCESS_TOKEN are not all set; 1 source(s) skipped, the others run']);
  });
});
