// ClickHouse benchmarks on chDB: insert rate of classified posts, and the volume-dynamics query over N million posts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
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

const volumeSql = `
  SELECT toStartOfInterval(published_at, INTERVAL 1 DAY) AS bucket, topic, count() AS posts
  FROM posts
  WHERE region = {region:String} AND published_at >= {from:DateTime64(3)} AND published_at < {to:DateTime64(3)}
  GROUP BY bucket, topic ORDER BY bucket, topic`;
const params = { region: 'lipetsk', from: '2025-11-30 00:00:00', to: '2026-11-30 00:00:00' };
await store.query(volumeSql, params); // warm-up
const yearByDay = await timeRuns(7, async () => { await store.query(volumeSql, params); });
const monthParams = { region: 'lipetsk', from: '2026-11-01 00:00:00', to: '2026-11-30 00:00:00' };
const hourSql = volumeSql.replace('INTERVAL 1 DAY', 'INTERVAL 1 HOUR');
const monthByHour = await timeRuns(7, async () => { await store.query(hourSql, monthParams); });

report({
  name: `chdb store (${millions}M posts)`,
  figures: {
    insertRowsPerSec: Math.round(insertRowsPerSec),
    generateMillionRowsPerSec: Number((millions / generateSec).toFixed(2)),
    volumeYearByDayMedianMs: Math.round(median(yearByDay)),
    volumeYearByDayP90Ms: Math.round(percentile(yearByDay, 90)),
    volumeMonthByHourMedianMs: Math.round(median(monthByHour)),
  },
  notes: 'insert: 1,000-row JSONEachRow batches through @clickhouse/client on chDB; volume: posts per day × topic over a year, per hour × topic over a month',
});
await store.close();
rmSync(dir, { recursive: true, force: true });
