import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@cur/shared/clock';
import { createHttpClient } from '../src/sources/http';
import { startFakePlatforms, type FakePlatforms } from './fake-platforms';
import { captureLogs, makeCollector } from './harness';

let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterEach(() => fake.reset());
afterAll(async () => { await fake.close(); });

const week = { hours: 24 * 7, maxItems: 500 };

describe('HTTP resilience', () => {
  it('gives up on a server that never answers after the timeout, and the other sources go on', async () => {
    fake.use((req) => (req.path === '/s/elets_online48' ? { hang: true } : undefined));
    const h = makeCollector({
      http: { timeoutMs: 200, maxAttempts: 2 },
      platforms: { telegram: { baseUrl: fake.url }, youtube: { baseUrl: fake.url } },
      sources: [{ type: 'telegram_channel', id: 'tg', channel: 'elets_online48' }, { type: 'youtube_video', id: 'yt', videoId: 'k3Qz8VtN2Lw', backfill: week }],
    }, { credentials: { vk: [], ok: null, youtube: { apiKey: 'k' } } });
    const started = Date.now();
    const outcomes = await h.service.pollAll();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(outcomes.find((o) => o.sourceId === 'tg')!.error).toMatchObject({ code: 'TIMEOUT', retriable: true });
    expect(outcomes.find((o) => o.sourceId === 'yt')!.published.length).toBeGreaterThan(0);
    expect(fake.count('/s/elets_online48')).toBeGreaterThanOrEqual(2);
  });

  it('retries an HTTP 500 with backoff and succeeds', async () => {
    fake.queue('/youtube/v3/commentThreads', { status: 500, html: 'oops' }, { status: 503, html: 'busy' });
    const h = makeCollector({ platforms: { youtube: { baseUrl: fake.url } }, sources: [{ type: 'youtube_video', id: 'yt', videoId: 'k3Qz8VtN2Lw', backfill: week }] }, { credentials: { vk: [], ok: null, youtube: { apiKey: 'k' } } });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toBeNull();
    expect(outcome!.published).toHaveLength(10);
    // Two backoffs, the second twice the first (equal jitter at random 0.5: 375 ms, 750 ms).
    expect(h.sleeps).toEqual([375, 750]);
  });

  it('opens the circuit of a source after repeated failures and lets it rest', async () => {
    fake.use((req) => (req.path === '/s/elets_online48' ? { status: 500, html: 'down' } : undefined));
    const h = makeCollector({ http: { maxAttempts: 1 }, circuit: { failureThreshold: 2, openSec: 600 }, platforms: { telegram: { baseUrl: fake.url } }, sources: [{ type: 'telegram_channel', id: 'tg', channel: 'elets_online48' }] });
    await h.service.pollAll();
    await h.service.pollAll();
    const health = (h.service.health().details!.sources as Record<string, { circuit: string; nextPollAt: string }>).tg!;
    expect(health.circuit).toBe('open');
    const before = fake.requests.length;
    await h.service.pollAll();
    expect(fake.requests.length).toBe(before);
  });

  it('never requests a host that no source configured, even one a post links to', async () => {
    const hits: string[] = [];
    const other = createServer((req, res) => { hits.push(req.url ?? ''); res.end('x'); });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    const { logger } = captureLogs();
    const http = createHttpClient({ allowedHosts: [fake.host], timeoutMs: 1000, maxPerHost: 1, maxAttempts: 1, backoff: { baseMs: 1, maxMs: 1, factor: 2, jitter: 'none' }, sleep: async () => {}, random: () => 0, clock: fixedClock('2026-11-13T12:00:00Z'), logger, userAgent: 't' });
    expect(await http.request({ url: `${otherUrl}/steal`, as: 'text' })).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
    // A redirect to another host is refused too.
    fake.queue('/s/redirector', { status: 302, headers: { location: `${otherUrl}/via-redirect` } });
    expect(await http.request({ url: `${fake.url}/s/redirector`, as: 'text', maxRedirects: 3 })).toMatchObject({ ok: false, error: { code: 'HOST_NOT_ALLOWED' } });
    expect(http.isAllowed('file:///etc/passwd')).toBe(false);
    expect(hits).toEqual([]);
    other.closeAllConnections();
    await new Promise<void>((r) => other.close(() => r()));
  });

  it('limits requests in flight per host', async () => {
    let active = 0;
    let peak = 0;
    fake.use((req) => {
      if (req.path !== '/slow') return undefined;
      active += 1;
      peak = Math.max(peak, active);
      return { hang: true };
    });
    const { logger } = captureLogs();
    const http = createHttpClient({ allowedHosts: [fake.host], timeoutMs: 150, maxPerHost: 2, maxAttempts: 1, backoff: { baseMs: 1, maxMs: 1, factor: 2, jitter: 'none' }, sleep: async () => {}, random: () => 0, clock: fixedClock('2026-11-13T12:00:00Z'), logger, userAgent: 't' });
    const done = Promise.all(Array.from({ length: 5 }, () => http.request({ url: `${fake.url}/slow`, as: 'text' }).then((r) => { active -= 1; return r; })));
    const results = await done;
    expect(results.every((r) => !r.ok && r.error.code === 'TIMEOUT')).toBe(true);
    expect(peak).toBeLessThanOrEqual(2);
  });
});
