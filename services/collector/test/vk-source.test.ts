import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatforms, fixtureJson, type FakePlatforms } from './fake-platforms';
import { makeCollector, testNow } from './harness';
import type { Credentials } from '../src/env';

let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterAll(async () => { await fake.close(); });

const service: Credentials = { vk: [{ kind: 'service', token: 'svc-token', label: 'VK_TOKEN (service)' }], ok: null, youtube: null };
const user: Credentials = { vk: [{ kind: 'user', token: 'usr-token', label: 'VK_TOKEN (user)' }], ok: null, youtube: null };
const week = { hours: 24 * 7, maxItems: 500 };
const platforms = () => ({ vk: { baseUrl: fake.url } });
const wall = (extra: Record<string, unknown> = {}) => ({ type: 'vk_wall' as const, id: 'vk-elets', owner: -201845377, backfill: week, ...extra });
const since = () => fake.requests.length;

describe('VK wall with comments', () => {
  it('collects the posts and the comments of the post that has them, token in a header', async () => {
    const start = since();
    const h = makeCollector({ platforms: platforms(), sources: [wall()] }, { credentials: service });
    const [outcome] = await h.service.pollAll();
    const uids = outcome!.published.map((p) => p.uid);
    expect(uids.slice(0, 5)).toEqual(['vk:-201845377:48213', 'vk:-201845377:48212', 'vk:-201845377:48211', 'vk:-201845377:48210', 'vk:-201845377:48209']);
    expect(uids.filter((u) => u.startsWith('vk:-201845377:48213:'))).toHaveLength(7);
    expect(outcome!.published.every((p) => p.collectedAt === testNow && p.sourceId === 'vk-elets')).toBe(true);
    const calls = fake.requests.slice(start);
    // A service token does not batch with execute: one wall.get and one wall.getComments per post with comments.
    expect(calls.map((r) => r.path)).toEqual(['/method/wall.get', ...Array(5).fill('/method/wall.getComments')]);
    expect(calls[0]!.headers.authorization).toBe('Bearer svc-token');
    expect(calls[0]!.form.get('access_token')).toBeNull();
    expect(calls[0]!.form.get('v')).toBe('5.199');
    expect(h.service.health().details?.sources).toMatchObject({ 'vk-elets': { collected: 12, latencyMs: { last: expect.any(Number), median: expect.any(Number) } } });
  });

  it('batches the comment calls into one execute with a user token', async () => {
    const start = since();
    const h = makeCollector({ platforms: platforms(), sources: [wall()] }, { credentials: user });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.published).toHaveLength(12);
    expect(fake.requests.slice(start).map((r) => r.path)).toEqual(['/method/wall.get', '/method/execute']);
  });

  it('pages wall.get by offset until the cursor, then reads only what is new', async () => {
    const start = since();
    const h = makeCollector({ platforms: platforms(), sources: [wall({ pageSize: 2, comments: { enabled: false } })] }, { credentials: service });
    const [first] = await h.service.pollAll();
    expect(first!.published).toHaveLength(5);
    expect(fake.requests.slice(start).map((r) => r.form.get('offset'))).toEqual(['0', '2', '4']);
    const again = since();
    const [second] = await h.service.pollAll();
    expect(second!.published).toEqual([]);
    // The first page reaches a known id: no second page.
    expect(fake.requests.slice(again).map((r) => r.form.get('offset'))).toEqual(['0']);
  });

  it('publishes an edited post again as a new version of the same uid', async () => {
    const h = makeCollector({ platforms: platforms(), sources: [wall({ comments: { enabled: false } })] }, { credentials: service });
    await h.service.pollAll();
    fake.use((req) => {
      if (req.path !== '/method/wall.get') return undefined;
      const body = fixtureJson('vk/wall.get.json');
      body.response.items[2].text += '\n\nUPD: нашли, кто это был.';
      body.response.items[2].edited = 1794560000;
      return { json: body };
    });
    const [outcome] = await h.service.pollAll();
    fake.reset();
    expect(outcome!.published.map((p) => [p.uid, p.version])).toEqual([['vk:-201845377:48211', 1794560000]]);
  });
});

describe('VK search and video', () => {
  it('follows next_from as start_from and saves the window end as the cursor', async () => {
    const start = since();
    const h = makeCollector({ platforms: platforms(), sources: [{ type: 'vk_search', id: 'vk-yama', query: 'Елец яма', backfill: week }] }, { credentials: service });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.published.map((p) => p.uid)).toEqual(['vk:-201845377:48213', 'vk:671554029:1187', 'vk:-176220931:30512', 'vk:671554029:1190']);
    const calls = fake.requests.slice(start);
    expect(calls.map((r) => r.form.get('start_from'))).toEqual([null, '3/-176220931_30512']);
    expect(calls[0]!.form.get('q')).toBe('Елец яма');
    expect(calls[0]!.form.get('start_time')).toBe(String(Date.parse(testNow) / 1000 - 7 * 86400));
  });

  it('reads video comments with a user token; without one the source is disabled with one log line', async () => {
    const h = makeCollector({ platforms: platforms(), sources: [{ type: 'vk_video', id: 'vkv', owner: -201845377, videoId: 456239117, backfill: week }] }, { credentials: user });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.published.map((p) => p.uid)).toEqual([
      'vk_video:-201845377:456239117:1509', 'vk_video:-201845377:456239117:1507', 'vk_video:-201845377:456239117:1506', 'vk_video:-201845377:456239117:1508',
    ]);
    const noUser = makeCollector({ platforms: platforms(), sources: [{ type: 'vk_video', id: 'vkv', owner: -201845377, videoId: 456239117 }, wall({ comments: { enabled: false } })] }, { credentials: service });
    const lines = noUser.logs.filter((l) => String(l.msg).includes('disabled'));
    expect(lines).toHaveLength(1);
    expect(lines[0]!.msg).toMatch(/^vk_video disabled: video\.getComments needs a live VK user token/);
    const outcomes = await noUser.service.pollAll();
    expect(outcomes.map((o) => o.sourceId)).toEqual(['vk-elets']);
  });

  it('disables VK with one line when VK_TOKEN is missing and runs the rest', async () => {
    const h = makeCollector({ platforms: { ...platforms(), telegram: { baseUrl: fake.url } }, sources: [wall(), { type: 'vk_search', id: 's', query: 'x' }, { type: 'telegram_channel', id: 'tg', channel: 'elets_online48', backfill: week }] });
    expect(h.logs.filter((l) => String(l.msg).includes('disabled')).map((l) => l.msg)).toEqual(['vk disabled: VK_TOKEN is not set; 2 source(s) skipped, the others run']);
    const outcomes = await h.service.pollAll();
    expect(outcomes.map((o) => [o.sourceId, o.error?.message ?? null, o.published.length])).toEqual([['tg', null, 16]]);
  });
});

describe('VK errors', () => {
  it('backs off and retries on 6 (too many requests per second)', async () => {
    fake.queue('/method/wall.get', { json: fixtureJson('vk/error-6-too-many-requests.json') });
    const h = makeCollector({ platforms: platforms(), sources: [wall({ comments: { enabled: false } })] }, { credentials: service });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toBeNull();
    expect(outcome!.published).toHaveLength(5);
    expect(h.sleeps.some((ms) => ms >= 250)).toBe(true);
  });

  it('stops a token on 5 with a clear error and makes no further calls with it', async () => {
    fake.queue('/method/wall.get', { json: fixtureJson('vk/error-5-auth.json') });
    const h = makeCollector({ platforms: platforms(), sources: [wall({ comments: { enabled: false } })] }, { credentials: service });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'AUTH_FAILED', retriable: false, scope: 'token' });
    expect(h.logs.some((l) => l.level === 50 && /VK token VK_TOKEN \(service\) rejected; it is stopped/.test(String(l.msg)))).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain('svc-token');
    const before = since();
    const [again] = await h.service.pollAll();
    expect(again!.error).toMatchObject({ code: 'AUTH_FAILED' });
    expect(since()).toBe(before);
  });

  it('skips a closed wall (15), warns, retries hours later, and the other sources go on', async () => {
    fake.use((req) => (req.path === '/method/wall.get' && req.form.get('owner_id') === '-219004716' ? { json: fixtureJson('vk/error-15-access-denied.json') } : undefined));
    const h = makeCollector({ platforms: platforms(), sources: [wall({ id: 'closed', owner: -219004716 }), wall({ comments: { enabled: false } })] }, { credentials: service });
    const outcomes = await h.service.pollAll();
    fake.reset();
    const closed = outcomes.find((o) => o.sourceId === 'closed')!;
    expect(closed.error).toMatchObject({ code: 'ACCESS_DENIED', scope: 'source' });
    expect(outcomes.find((o) => o.sourceId === 'vk-elets')!.published).toHaveLength(5);
    const health = h.service.health().details!.sources as Record<string, { errors: Record<string, number>; nextPollAt: string }>;
    expect(health.closed!.errors).toEqual({ ACCESS_DENIED: 1 });
    expect(Date.parse(health.closed!.nextPollAt) - Date.parse(testNow)).toBeGreaterThanOrEqual(6 * 3600_000);
  });

  it('stops the method until the next VK day on 29', async () => {
    fake.queue('/method/wall.get', { json: { error: { error_code: 29, error_msg: 'Rate limit reached' } } });
    const h = makeCollector({ platforms: platforms(), sources: [wall({ comments: { enabled: false } })] }, { credentials: service });
    const [outcome] = await h.service.pollAll();
    // 12:00 UTC = 15:00 Moscow: the next VK day starts at 21:00 UTC.
    expect(outcome!.error).toMatchObject({ code: 'QUOTA_EXCEEDED', scope: 'method', retryAtMs: Date.parse('2026-11-13T21:00:00Z') });
    const before = since();
    const [again] = await h.service.pollAll();
    expect(again!.error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(since()).toBe(before);
  });

  it('paces wall.get under its daily cap instead of spending it at once', async () => {
    const start = since();
    const h = makeCollector({ platforms: { vk: { baseUrl: fake.url, dailyCaps: { 'wall.get': 10 }, budgetBurst: 0, budgetReserveFraction: 0 } }, sources: [wall({ comments: { enabled: false } })] }, { credentials: service });
    // 15:00 Moscow is 62.5 % of the VK day: 6.25 of 10 calls are allowed so far.
    for (let i = 0; i < 6; i += 1) expect((await h.service.pollAll())[0]!.error).toBeNull();
    const [seventh] = await h.service.pollAll();
    expect(seventh!.error).toMatchObject({ code: 'BUDGET_EXHAUSTED', retriable: true, retryAtMs: Date.parse('2026-11-12T21:00:00Z') + 0.7 * 86_400_000 });
    expect(fake.requests.slice(start)).toHaveLength(6);
    // 10 calls a day for one source: its interval is stretched to 8640 s at least.
    expect((h.service.health().details!.sources as Record<string, { pollIntervalSec: number }>)['vk-elets']!.pollIntervalSec).toBeGreaterThanOrEqual(8640);
  });

  it('reports a changed answer as SHAPE_CHANGED and counts it', async () => {
    fake.queue('/method/wall.get', { json: { response: { count: 1, items: [{ id: 'not-a-number' }] } } });
    const h = makeCollector({ platforms: platforms(), sources: [wall({ comments: { enabled: false } })] }, { credentials: service });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'SHAPE_CHANGED' });
    expect(h.service.health().counters.errors).toBe(1);
  });
});
