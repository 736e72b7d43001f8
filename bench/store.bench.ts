// ClickHouse benchmarks on chDB: insert rate of classified posts, and the volume-dynamics query over N million posts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { volume } from '@cur/console/store/analytics';
import { generatePosts } from './synthetic-posts';
import { median, percentile, report, timeRuns } from './stats';

const millions = Number(process.env.BENCH_MILLIONS ?? '10');
const dir = mkdtempSync(join(tmpdir(), 'bench-store-'));
const store = await openStore({ dataDir: dir });
await migrate(store);

// 1. Insert rate through the client (JSONEachRow), as the classifier writes: batches of 1,000 rows.
const batch = Array.from({ length: 1000 }, (_, i) => ({
  uid: `ins:${i}`, version: 0, platform: 'vk', source: 'vk', source_id: 's', region: 'lipetsk', kind: 'post', parent_uid: '',
  url: 'https://vk.com/wall-1_1', author_id: `a${i % 50}`, author_name: '', published_at: '2026-11-03T10:00:00+03:00',
  collected_at: '2026-11-03T10:00:05+03:00', text: 'Третий день нет горячей воды в доме на улице Катукова, управляющая компания не отвечает', likes: 3, reposts: 0, comments: 1, views: 120,
  status: 'classified', reject_reason: '', topic: 'zhkh', location: 'lipetsk_city', importance: 'normal', abuse: 'none', is_spam: 0,
  needs_response: 1, repeat_of: '', authorities: ['housing_dept'], evidence: '[]', classified_at: '2026-11-03T10:00:06+03:00',
}));
let round = 0;
const insertTimes = await timeRuns(20, async () => {
  round += 1;
  await store.insert('posts', batch.map((row) => ({ ...row, uid: `${row.uid}:${round}` })));
});
const insertRowsPerSec = 1000 / (median(insertTimes) / 1000);

// 2. Volume dynamics over N million posts spread over one year.
const genStart = performance.now();
await generatePosts(store, millions * 1_000_000, 365, '2026-11-30T00:00:00Z');
const generateSec = (performance.now() - genStart) / 1000;
await store.command('OPTIMIZE TABLE posts FINAL');

// The console's own volume-dynamics query (services/console/src/store/analytics.ts), as the dashboard runs it.
const year = { from: new Date('2025-11-30T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z'), status: 'classified' as const, region: 'lipetsk' };
const month = { ...year, from: new Date('2026-11-01T00:00:00Z') };
await volume(store, year, 'day', 'topic', 'Europe/Moscow'); // warm-up
const yearByDay = await timeRuns(7, async () => { await volume(store, year, 'day', 'topic', 'Europe/Moscow'); });
const monthByHour = await timeRuns(7, async () => { await volume(store, month, 'hour', 'topic', 'Europe/Moscow'); });
const yearByWeekPlace = await timeRuns(7, async () => { await volume(store, year, 'week', 'location', 'Europe/Moscow'); });

report({
  name: `chdb store (${millions}M posts)`,
  figures: {
    insertRowsPerSec: Math.round(insertRowsPerSec),
    generateMillionRowsPerSec: Number((millions / generateSec).toFixed(2)),
    volumeYearByDayMedianMs: Math.round(median(yearByDay)),
    volumeYearByDayP90Ms: Math.round(percentile(yearByDay, 90)),
    volumeMonthByHourMedianMs: Math.round(median(monthByHour)),
    volumeYearByWeekPlaceMedianMs: Math.round(median(yearByWeekPlace)),
  },
  notes: 'insert: 1,000-row JSONEachRow batches through @clickhouse/client on chDB; volume: the console volume() (posts FINAL, classified, one region) per day × topic over a year, per hour × topic over a month, per week × place over a year; 7 runs after a warm-up',
});
await store.close();
rmSync(dir, { recursive: true, force: true });
