// Security checks of the collector against the local fixture platform server:
// - no token, key or secret appears in any log line, also when requests fail and errors carry URLs;
// - only configured hosts are requested: a link inside a collected post is never fetched, and the HTTP client
//   refuses any other host with HOST_NOT_ALLOWED.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '@cur/shared/clock';
import { createHttpClient } from '@cur/collector/sources/http';
import { fixtureJson, okFixture, startFakePlatforms, type FakePlatforms } from '../../services/collector/test/fake-platforms';
import { captureLogs, makeCollector } from '../../services/collector/test/harness';

let fake: FakePlatforms;
const hits: string[] = [];
const other = createServer((req, res) => { hits.push(req.url ?? ''); res.end('stolen'); });
let otherUrl = '';
beforeAll(async () => {
  fake = await startFakePlatforms();
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await fake.close();
  await new Promise<void>((resolve) => other.close(() => resolve()));
});

const week = { hours: 24 * 7, maxItems: 500 };
const secrets = { vk: 'vk1.a.SECRETvkTOKENvalue0123456789', youtube: 'AIzaSECRETyoutubeKEY0123456789', ...okFixture };

describe('collector secrets and hosts', () => {
  it('never writes a token, key or secret into a log line, on success or on failure', async () => {
    let failures = 0;
    fake.use((req) => {
      // Every platform fails once with 500, then answers from the fixtures: errors and retries get logged.
      if (failures < 6 && ['/method/wall.get', '/youtube/v3/commentThreads', '/fb.do'].includes(req.path)) {
        failures++;
        return { status: 500, html: `internal error for ${req.query.toString()}` };
      }
      return undefined;
    });
    const h = makeCollector({
      http: { maxAttempts: 2 },
      platforms: { vk: { baseUrl: fake.url }, youtube: { baseUrl: fake.url }, ok: { baseUrl: fake.url } },
      sources: [
        { type: 'vk_wall', id: 'vk', owner: -201845377, backfill: week },
        { type: 'youtube_video', id: 'yt', videoId: 'k3Qz8VtN2Lw', backfill: week },
        { type: 'ok_group', id: 'ok', groupId: '70000001234567', backfill: week } as never,
      ],
    }, {
      credentials: {
        vk: [{ kind: 'user', token: secrets.vk, label: 'VK_TOKEN' }],
        youtube: { apiKey: secrets.youtube },
        ok: { applicationKey: secrets.appKey, applicationSecretKey: secrets.appSecret, accessToken: secrets.accessToken } as never,
      },
    });
    h.logs.length = 0;
    await h.service.pollAll().catch(() => undefined);
    await h.service.pollAll().catch(() => undefined);
    fake.reset();
    expect(h.logs.length).toBeGreaterThan(0);
    const text = h.logs.map((line) => JSON.stringify(line)).join('\n');
    for (const [name, value] of Object.entries(secrets)) expect(text.includes(value), `${name} leaked into the logs`).toBe(false);
    // The requests did carry them (so the check above is meaningful).
    const sent = fake.requests.map((r) => `${r.query.toString()} ${r.form.toString()} ${String(r.headers.authorization ?? '')}`).join('\n');
    expect(sent.includes(secrets.vk)).toBe(true);
    expect(sent.includes(secrets.youtube)).toBe(true);
  });

  it('never fetches a link found in a post, and the client refuses any host that is not configured', async () => {
    const wall = fixtureJson('vk/wall.get.json');
    wall.response.items[0].text = `Смотрите ${otherUrl}/steal?x=1 и http://169.254.169.254/latest/meta-data/`;
    wall.response.items[0].attachments = [{ type: 'link', link: { url: `${otherUrl}/attachment`, title: 't' } }];
    fake.use((req) => (req.path === '/method/wall.get' ? { json: wall } : undefined));
    const h = makeCollector({ platforms: { vk: { baseUrl: fake.url } }, sources: [{ type: 'vk_wall', id: 'vk', owner: -201845377, backfill: week }] },
      { credentials: { vk: [{ kind: 'service', token: 't', label: 'VK_TOKEN' }], ok: null, youtube: null } });
    const [outcome] = await h.service.pollAll();
    fake.reset();
    expect(outcome!.published.some((p) => p.text.includes(`${otherUrl}/steal`))).toBe(true);
    expect(hits).toEqual([]);

    const { logger } = captureLogs();
    const http = createHttpClient({
      allowedHosts: [fake.host], timeoutMs: 1000, maxPerHost: 1, maxAttempts: 1, backoff: { baseMs: 1, maxMs: 1, factor: 2, jitter: 'none' },
      sleep: async () => {}, random: () => 0, clock: fixedClock('2026-11-13T12:00:00Z'), logger, userAgent: 't',
    } as never);
    for (const url of [`${otherUrl}/x`, 'http://169.254.169.254/latest/meta-data/', `http://${fake.host}@evil.example/`, 'file:///etc/passwd', `${fake.url}.evil.example/`]) {
      const result = await http.request({ method: 'GET', url } as never);
      expect(result.ok, url).toBe(false);
      if (!result.ok) expect(result.error.code, url).toBe('HOST_NOT_ALLOWED');
    }
    expect(hits).toEqual([]);
  });
});
