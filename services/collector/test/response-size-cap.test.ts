// The HTTP client's answer size cap (http.maxResponseBytes) against a local server that streams huge bodies:
// plain, with a declared Content-Length, and a gzip bomb. Reading stops at the cap with RESPONSE_TOO_LARGE, and
// the collector goes on with its other sources.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@cur/shared/clock';
import { SourcesFile } from '../src/config';
import { createHttpClient } from '../src/sources/http';
import { startFakePlatforms, type FakePlatforms } from './fake-platforms';
import { captureLogs, makeCollector } from './harness';

const MiB = 1024 * 1024;
const chunk = Buffer.alloc(64 * 1024, 'a');
/** Bytes the server managed to write per request path, and whether the client hung up first. */
const written = new Map<string, { bytes: number; closedEarly: boolean }>();
const bomb = gzipSync(Buffer.alloc(64 * MiB, 0)); // about 64 KB on the wire, 64 MiB inflated

function stream(res: ServerResponse, path: string, total: number): void {
  const entry = { bytes: 0, closedEarly: false };
  written.set(path, entry);
  res.on('close', () => { if (entry.bytes < total) entry.closedEarly = true; });
  const pump = (): void => {
    while (entry.bytes < total && !res.destroyed) {
      entry.bytes += chunk.length;
      if (!res.write(chunk)) { res.once('drain', pump); return; }
    }
    if (!res.destroyed) res.end();
  };
  pump();
}

const huge = createServer((req, res) => {
  const path = (req.url ?? '').split('?')[0]!;
  if (path === '/huge-declared') {
    res.writeHead(200, { 'content-type': 'text/html', 'content-length': String(256 * MiB) });
    stream(res, path, 256 * MiB);
  } else if (path === '/bomb') {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
    res.end(bomb);
  } else if (path === '/small') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(Buffer.alloc(60 * 1024, 'b'));
  } else {
    // /huge and /s/<channel>: chunked, no length announced.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    stream(res, path, 256 * MiB);
  }
});
let hugeUrl = '';
let fake: FakePlatforms;
beforeAll(async () => {
  fake = await startFakePlatforms();
  await new Promise<void>((resolve) => huge.listen(0, '127.0.0.1', resolve));
  hugeUrl = `http://127.0.0.1:${(huge.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  huge.closeAllConnections();
  await new Promise<void>((resolve) => huge.close(() => resolve()));
});

const clientWith = (maxResponseBytes: number | undefined) => createHttpClient({
  allowedHosts: [new URL(hugeUrl).host], timeoutMs: 20_000, maxPerHost: 2, maxAttempts: 3,
  backoff: { baseMs: 1, maxMs: 1, factor: 2, jitter: 'none' }, sleep: async () => {}, random: () => 0,
  clock: fixedClock('2026-11-13T12:00:00Z'), logger: captureLogs().logger, userAgent: 't', ...(maxResponseBytes ? { maxResponseBytes } : {}),
});

describe('answer size cap', () => {
  it('defaults http.maxResponseBytes to 5 MiB and validates it', () => {
    expect(SourcesFile.parse({}).http.maxResponseBytes).toBe(5 * MiB);
    expect(SourcesFile.safeParse({ http: { maxResponseBytes: 10 } }).success).toBe(false);
  });

  it('stops reading a streamed answer past the cap: RESPONSE_TOO_LARGE, not retried, and the server is cut off', async () => {
    const http = clientWith(256 * 1024);
    const started = Date.now();
    const r = await http.request({ url: `${hugeUrl}/huge`, as: 'text' });
    expect(r).toMatchObject({ ok: false, error: { code: 'RESPONSE_TOO_LARGE', retriable: false } });
    expect(!r.ok && r.error.message).toMatch(/answer larger than 262144 bytes \(http\.maxResponseBytes\), not read further: GET 127\.0\.0\.1:\d+\/huge/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(http.stats()[new URL(hugeUrl).host]).toBe(1); // one attempt: a too-large answer is not retried
    await expect.poll(() => written.get('/huge')?.closedEarly, { timeout: 5_000 }).toBe(true);
    expect(written.get('/huge')!.bytes).toBeLessThan(64 * MiB); // socket buffers, not the 256 MiB
  });

  it('refuses a declared huge Content-Length and a gzip bomb (the cap counts inflated bytes)', async () => {
    const http = clientWith(MiB);
    expect(await http.request({ url: `${hugeUrl}/huge-declared`, as: 'text' })).toMatchObject({ ok: false, error: { code: 'RESPONSE_TOO_LARGE' } });
    expect(await http.request({ url: `${hugeUrl}/bomb`, as: 'json' })).toMatchObject({ ok: false, error: { code: 'RESPONSE_TOO_LARGE' } });
  });

  it('reads an answer under the cap as before', async () => {
    const r = await clientWith(64 * 1024).request({ url: `${hugeUrl}/small`, as: 'text' });
    expect(r.ok && String(r.value.body).length).toBe(60 * 1024);
  });

  it('fails only the source that got the huge answer (default 5 MiB cap); the collector goes on', async () => {
    const h = makeCollector({
      platforms: { telegram: { baseUrl: hugeUrl }, youtube: { baseUrl: fake.url } },
      sources: [{ type: 'telegram_channel', id: 'tg', channel: 'elets_online48' }, { type: 'youtube_video', id: 'yt', videoId: 'k3Qz8VtN2Lw', backfill: { hours: 24 * 7, maxItems: 500 } }],
    }, { credentials: { vk: [], ok: null, youtube: { apiKey: 'k' } } });
    const before = process.memoryUsage().rss;
    const outcomes = await h.service.pollAll();
    expect(outcomes.find((o) => o.sourceId === 'tg')!.error).toMatchObject({ code: 'RESPONSE_TOO_LARGE', retriable: false });
    expect(outcomes.find((o) => o.sourceId === 'yt')!.published.length).toBeGreaterThan(0);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
    const tg = (h.service.health().details!.sources as Record<string, { errors: Record<string, number> }>).tg!;
    expect(tg.errors).toEqual({ RESPONSE_TOO_LARGE: 1 });
    expect(h.logs.some((l) => l.event === 'poll_failed' && l.code === 'RESPONSE_TOO_LARGE')).toBe(true);
    // The next poll of the healthy source still works.
    const again = await h.service.pollAll();
    expect(again.find((o) => o.sourceId === 'yt')!.error).toBeNull();
  });
});
