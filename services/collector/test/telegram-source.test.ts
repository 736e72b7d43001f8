import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureText, startFakePlatforms, type FakePlatforms } from './fake-platforms';
import { makeCollector } from './harness';
import { createMemoryCursorStore } from '../src/store/cursor-store';

let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterEach(() => fake.reset());
afterAll(async () => { await fake.close(); });

const week = { hours: 24 * 7, maxItems: 500 };
const config = (extra: Record<string, unknown> = {}) => ({ platforms: { telegram: { baseUrl: fake.url } }, sources: [{ type: 'telegram_channel' as const, id: 'tg-elets', channel: 'elets_online48', backfill: week, ...extra }] });
const since = () => fake.requests.length;

describe('Telegram channel preview', () => {
  it('pages back with before= to the start and publishes oldest first', async () => {
    const start = since();
    const h = makeCollector(config());
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toBeNull();
    expect(outcome!.published.map((p) => Number(p.uid.split(':')[2]))).toEqual([3043, 3044, 3045, 3046, 3047, 3048, 3049, 3050, 3051, 3052, 3053, 3054, 3055, 3056, 3057, 3058]);
    expect(fake.requests.slice(start).map((r) => r.query.get('before'))).toEqual([null, '3051', '3043']);
    // Pages are spaced by the platform rate (0.5/s): the injected sleep waited, the test did not.
    expect(h.sleeps.filter((ms) => ms === 2000)).toHaveLength(2);
  });

  it('stops paging at the cursor, and the backfill depth limits the first start', async () => {
    const cursors = createMemoryCursorStore({ 'tg-elets': { lastId: 3053 } });
    const start = since();
    const h = makeCollector(config(), { runtime: { cursorStore: cursors } });
    const [outcome] = await h.service.pollAll();
    // The whole newest page is checked (edits), but nothing was published before in this store: 3051..3058.
    expect(outcome!.published.map((p) => p.uid.split(':')[2])).toEqual(['3051', '3052', '3053', '3054', '3055', '3056', '3057', '3058']);
    expect(fake.requests.slice(start)).toHaveLength(1);
    expect(cursors.snapshot()).toEqual({ 'tg-elets': { lastId: 3058 } });
    const shallowStart = since();
    const shallow = makeCollector(config({ backfill: { hours: 24, maxItems: 500 } }));
    const [first] = await shallow.service.pollAll();
    expect(since() - shallowStart).toBe(1);
    // 24 h before 2026-11-13T12:00Z: 3053 (12 Nov 09:40) is older; from 3054 (12 Nov 13:02) on, one page only.
    expect(first!.published.map((p) => p.uid.split(':')[2])).toEqual(['3054', '3055', '3056', '3057', '3058']);
  });

  it('publishes an edited message as the next version of its uid', async () => {
    const h = makeCollector(config());
    await h.service.pollAll();
    fake.use((req) => (req.path === '/s/elets_online48' && !req.query.get('before')
      ? { html: fixtureText('telegram/channel-page-1.html').replace('Вода уже есть!', 'Вода уже есть! UPD: и горячая тоже.') }
      : undefined));
    const [outcome] = await h.service.pollAll();
    // t.me marks an edit without its time: the version is a counter and editedAt the moment it was seen.
    expect(outcome!.published.map((p) => [p.uid, p.version, p.editedAt])).toEqual([['telegram:elets_online48:3055', 1, h.clock.now().toISOString()]]);
  });

  it('reports a missing channel (redirect to the contact page) as NOT_FOUND and retries hours later', async () => {
    const h = makeCollector({ platforms: { telegram: { baseUrl: fake.url } }, sources: [{ type: 'telegram_channel', id: 'tg-none', channel: 'elets_no_such_channel' }] });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'NOT_FOUND', scope: 'source' });
    expect(fake.requests.slice(-2).map((r) => r.path)).toEqual(['/s/elets_no_such_channel', '/elets_no_such_channel']);
  });

  it('reports a page without the expected markup as SHAPE_CHANGED, counts it, and keeps the cursor', async () => {
    const cursors = createMemoryCursorStore({ 'tg-elets': { lastId: 3050 } });
    fake.use((req) => (req.path === '/s/elets_online48' ? { html: fixtureText('telegram/channel-page-1.html').replaceAll('tgme_widget_message ', 'tgme_post ') } : undefined));
    const h = makeCollector(config(), { runtime: { cursorStore: cursors } });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'SHAPE_CHANGED' });
    expect((h.service.health().details!.sources as Record<string, { errors: Record<string, number> }>)['tg-elets']!.errors).toEqual({ SHAPE_CHANGED: 1 });
    expect(h.logs.some((l) => l.event === 'poll_failed' && l.code === 'SHAPE_CHANGED')).toBe(true);
    expect(cursors.snapshot()).toEqual({ 'tg-elets': { lastId: 3050 } });
  });

  it('never reads a throttled empty page as "no new posts"', async () => {
    fake.queue('/s/elets_online48', { html: '<html><body><section class="tgme_channel_history"><div class="tme_no_messages_found">No messages here yet</div></section></body></html>' });
    const h = makeCollector(config());
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
  });
});
