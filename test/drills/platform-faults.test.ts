// Drill: platforms answering 429 or garbage for a while. The collector (its own service, the fixture platform
// server of its tests on a local port) backs off, logs, keeps the other sources going, and recovers when the
// platform is well again. Runs on the memory bus with a fake clock (the sleeps advance it), so it takes no real time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakePlatforms, type FakePlatforms } from '../../services/collector/test/fake-platforms';
import { collectRaw, makeCollector } from '../../services/collector/test/harness';

let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterAll(async () => { await fake.close(); });

const week = { hours: 24 * 7, maxItems: 500 };

describe('drill: a platform answers 429 or garbage for a while', () => {
  it('backs off and logs the failing sources, keeps the others going, and recovers', async () => {
    let sick = true;
    fake.use((req) => {
      if (!sick) return undefined;
      if (req.path === '/youtube/v3/commentThreads') return { status: 429, json: { error: { code: 429, message: 'rate limited' } }, headers: { 'retry-after': '2' } };
      if (req.path === '/s/elets_online48') return { html: '<html><body>\u0000\u00ff<div class="tgme_widget_message_wrap"><div class=' };
      if (req.path === '/method/wall.get' && (req.form.get('owner_id') ?? req.query.get('owner_id')) === '-201845377') return { json: { response: { count: 'many', items: 'not a list' } } };
      return undefined;
    });
    const h = makeCollector({
      platforms: { youtube: { baseUrl: fake.url }, telegram: { baseUrl: fake.url }, vk: { baseUrl: fake.url } },
      sources: [
        { type: 'youtube_video', id: 'yt', videoId: 'k3Qz8VtN2Lw', backfill: week },
        { type: 'telegram_channel', id: 'tg', channel: 'elets_online48' },
        { type: 'vk_wall', id: 'vk-garbage', owner: -201845377, backfill: week, comments: { enabled: false } },
        { type: 'vk_wall', id: 'vk-ok', owner: -7, backfill: week, comments: { enabled: false } },
      ],
    }, { credentials: { vk: [{ kind: 'service', token: 'svc-token', label: 'VK_TOKEN' }], ok: null, youtube: { apiKey: 'yt-key' } } });
    const raw = await collectRaw(h.bus, 'drill-watch');

    const firstStarted = Date.now();
    const first = await h.service.pollAll();
    expect(Date.now() - firstStarted).toBeLessThan(10_000); // bounded: backoff sleeps are on the fake clock
    const outcome = (id: string) => first.find((o) => o.sourceId === id)!;
    expect(outcome('yt').error).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
    expect(h.sleeps.length).toBeGreaterThan(0); // it backed off before giving up
    expect(h.sleeps.filter((ms) => ms >= 2_000).length).toBeGreaterThanOrEqual(1); // Retry-After: 2 honoured
    expect(outcome('tg').error).not.toBeNull();
    expect(outcome('vk-garbage').error).not.toBeNull();
    const failingLogged = new Set(h.logs.filter((l) => Number(l.level) >= 40).map((l) => String(l.sourceId ?? '')));
    for (const id of ['yt', 'tg', 'vk-garbage']) expect(failingLogged.has(id), `a warning names ${id}`).toBe(true);
    // The healthy source went on in the same round; whatever it published is valid RawPost (the bus validated it).
    expect(outcome('vk-ok').error).toBeNull();
    expect(outcome('vk-ok').published.length).toBeGreaterThan(0);

    sick = false; // the platforms recover
    h.clock.advanceMs(30 * 60_000);
    const second = await h.service.pollAll();
    const after = (id: string) => second.find((o) => o.sourceId === id)!;
    expect(after('yt').error).toBeNull();
    expect(after('yt').published.length).toBeGreaterThan(0);
    expect(after('tg').error).toBeNull();
    expect(after('vk-garbage').error).toBeNull();
    // (its fixture posts are the ones vk-ok already published, so the seen-store keeps them from repeating)
    await new Promise((resolve) => setImmediate(resolve));
    expect(raw.posts.length).toBeGreaterThan(0);
    await raw.stop();
  });
});
