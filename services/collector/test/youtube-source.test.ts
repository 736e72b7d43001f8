import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJson, startFakePlatforms, type FakePlatforms } from './fake-platforms';
import { makeCollector } from './harness';
import type { Credentials } from '../src/env';

let fake: FakePlatforms;
beforeAll(async () => { fake = await startFakePlatforms(); });
afterEach(() => fake.reset());
afterAll(async () => { await fake.close(); });

const credentials: Credentials = { vk: [], ok: null, youtube: { apiKey: 'yt-key-123' } };
const config = (platform: Record<string, unknown> = {}) => ({
  platforms: { youtube: { baseUrl: fake.url, ...platform } },
  sources: [{ type: 'youtube_video' as const, id: 'yt-elets', videoId: 'k3Qz8VtN2Lw', backfill: { hours: 24, maxItems: 500 } }],
});
const since = () => fake.requests.length;

describe('YouTube comment threads', () => {
  it('follows nextPageToken, publishes threads with their replies, spends one unit per page', async () => {
    const start = since();
    const h = makeCollector(config(), { credentials });
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toBeNull();
    // 7 threads + 3 replies on the two pages.
    expect(outcome!.published).toHaveLength(10);
    const calls = fake.requests.slice(start);
    expect(calls.map((r) => r.query.get('pageToken'))).toEqual([null, fixtureJson('youtube/commentThreads.list-page-1.json').nextPageToken]);
    expect(calls[0]!.query.get('part')).toBe('snippet,replies');
    expect(calls[0]!.query.get('order')).toBe('time');
    expect((h.service.health().details!.sources as Record<string, { budget: { quotaUnitsRemainingToday: number } }>)['yt-elets']!.budget.quotaUnitsRemainingToday).toBe(9000 - 2);
    expect(JSON.stringify(h.logs)).not.toContain('yt-key-123');
  });

  it('reads nothing new on the next poll: one page, stopped at the cursor', async () => {
    const h = makeCollector(config(), { credentials });
    await h.service.pollAll();
    const start = since();
    const [second] = await h.service.pollAll();
    expect(second!.published).toEqual([]);
    expect(fake.requests.slice(start)).toHaveLength(1);
  });

  it('stops every YouTube source until the quota day ends on quotaExceeded (HTTP 403)', async () => {
    fake.queue('/youtube/v3/commentThreads', { status: 403, json: fixtureJson('youtube/error-quotaExceeded.json') });
    const h = makeCollector(config(), { credentials });
    const [outcome] = await h.service.pollAll();
    // Quota days start at Pacific midnight (08:00 UTC): the next is 2026-11-14T08:00Z.
    expect(outcome!.error).toMatchObject({ code: 'QUOTA_EXCEEDED', scope: 'platform', retryAtMs: Date.parse('2026-11-14T08:00:00Z') });
    const start = since();
    expect((await h.service.pollAll())[0]!.error).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect(since()).toBe(start);
  });

  it('treats comments disabled as nothing to collect, not a failure', async () => {
    fake.queue('/youtube/v3/commentThreads', { status: 403, json: fixtureJson('youtube/error-commentsDisabled.json') });
    const h = makeCollector(config(), { credentials });
    const [outcome] = await h.service.pollAll();
    expect(outcome).toMatchObject({ error: null, published: [] });
  });

  it('holds a daily quota budget paced over the day', async () => {
    const h = makeCollector(config({ dailyQuotaUnits: 3, budgetBurst: 0, budgetReserveFraction: 0 }), { credentials });
    // 12:00 UTC is 4 h into the Pacific day: 3 × 4/24 = 0.5 units allowed so far, so not even one call.
    const [outcome] = await h.service.pollAll();
    expect(outcome!.error).toMatchObject({ code: 'BUDGET_EXHAUSTED', retriable: true, retryAtMs: Date.parse('2026-11-13T08:00:00Z') + 8 * 3600_000 });
  });
});
