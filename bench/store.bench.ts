// ClickHouse benchmarks on chDB: insert rate of classified posts, the posts rollup, and the console's analytics over N million posts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { crossTable, top, volume } from '@cur/console/store/analytics';
import { toChTime } from '@cur/console/store/ch-time';
import { rollupPosts } from '@cur/console/store/rollup';
import { generatePosts } from './synthetic-posts';
import { removeBenchDir } from './cleanup';
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

// The pre-rollup query (posts FINAL for the whole range), kept as the comparison figure.
const year = { from: new Date('2025-11-30T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z'), status: 'classified' as const, region: 'lipetsk' };
const month = { ...year, from: new Date('2026-11-01T00:00:00Z') };
const rawYearByDay = async (): Promise<void> => {
  await store.query(
    `SELECT toUnixTimestamp(toDateTime(toStartOfDay(published_at, {tz:String}), {tz:String})) * 1000 AS t, topic AS k, count() AS n
     FROM posts FINAL WHERE published_at >= {from:DateTime64(3,'UTC')} AND published_at < {to:DateTime64(3,'UTC')}
       AND status = 'classified' AND region = 'lipetsk' GROUP BY t, k ORDER BY t, k`,
    { tz: 'Europe/Moscow', from: toChTime(year.from), to: toChTime(year.to) },
  );
};
await rawYearByDay(); // warm-up
const rawYear = await timeRuns(5, rawYearByDay);

// 3. The rollup: one run over everything (nothing is being inserted, so no margin is needed).
const rollup = await rollupPosts(store, new Date(), { marginMs: 0 });
// A live day: 1,000 posts arrive on the last day after the run, so that day is dirty and read from posts FINAL,
// as the current day is in production.
await store.insert('posts', batch.map((row, i) => ({
  ...row, uid: `live:${i}`, published_at: new Date(Date.parse('2026-11-29T08:00:00Z') + i * 30_000).toISOString(),
})));

// 4. The console's own analytics (services/console/src/store/analytics.ts), now rollup-backed, as the dashboard runs them.
await volume(store, year, 'day', 'topic', 'Europe/Moscow'); // warm-up
const yearByDay = await timeRuns(7, async () => { await volume(store, year, 'day', 'topic', 'Europe/Moscow'); });
const monthByHour = await timeRuns(7, async () => { await volume(store, month, 'hour', 'topic', 'Europe/Moscow'); });
const yearByWeekPlace = await timeRuns(7, async () => { await volume(store, year, 'week', 'location', 'Europe/Moscow'); });
const yearByDaySource = await timeRuns(7, async () => { await volume(store, year, 'day', 'source', 'Europe/Moscow'); });
const yearTopTopics = await timeRuns(7, async () => { await top(store, year, 'topic', 10); });
const yearTablePlaceTopic = await timeRuns(7, async () => { await crossTable(store, year, 'location', 'topic'); });
// The same answer both ways (the live day included).
const viaRollup = await volume(store, year, 'day', 'topic', 'Europe/Moscow');
const rawTotal = Number((await store.query<{ n: number }>(
  "SELECT count() AS n FROM posts FINAL WHERE published_at >= {from:DateTime64(3,'UTC')} AND published_at < {to:DateTime64(3,'UTC')} AND status = 'classified' AND region = 'lipetsk'",
  { from: toChTime(year.from), to: toChTime(year.to) },
))[0]?.n);
if (viaRollup.reduce((a, p) => a + p.count, 0) !== rawTotal) throw new Error('rollup-backed volume differs from posts FINAL');

// 5. A steady-state run: recomputes the one day that received the live posts.
const incremental = await rollupPosts(store, new Date(), { marginMs: 0 });

report({
  name: `chdb store (${millions}M posts)`,
  figures: {
    insertRowsPerSec: Math.round(insertRowsPerSec),
    generateMillionRowsPerSec: Number((millions / generateSec).toFixed(2)),
    rawYearByDayMedianMs: Math.round(median(rawYear)),
    rollupFullRunSec: Number((rollup.durationMs / 1000).toFixed(1)),
    rollupHourlyRows: rollup.rows.posts_hourly ?? 0,
    rollupTopicPlaceRows: rollup.rows.posts_hourly_tl ?? 0,
    rollupTopicSourceRows: rollup.rows.posts_hourly_ts ?? 0,
    rollupOneDayRunMs: incremental.durationMs,
    volumeYearByDayMedianMs: Math.round(median(yearByDay)),
    volumeYearByDayP90Ms: Math.round(percentile(yearByDay, 90)),
    volumeMonthByHourMedianMs: Math.round(median(monthByHour)),
    volumeYearByWeekPlaceMedianMs: Math.round(median(yearByWeekPlace)),
    volumeYearByDaySourceMedianMs: Math.round(median(yearByDaySource)),
    topYearTopicsMedianMs: Math.round(median(yearTopTopics)),
    tableYearPlaceTopicMedianMs: Math.round(median(yearTablePlaceTopic)),
  },
  notes: 'insert: 1,000-row JSONEachRow batches through @clickhouse/client on chDB; raw: posts FINAL per day × topic over a year (the pre-rollup query); '
    + 'rollup: rollupPosts once over all posts, then one live day of 1,000 posts left dirty; volume/top/table: the console functions (rollup for whole clean hours '
    + '+ posts FINAL for the live day), classified, one region, Europe/Moscow; 7 runs after a warm-up',
});
await store.close();
removeBenchDir(dir);
