// The per-hour rollup stays exact: random posts with replays, edits and late arrivals, rollups at random points, and
// every volume/top/crossTable answer compared with the same question asked straight of posts FINAL.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { bucketSql, dimensionSql, Dimension, type Bucket } from '../src/core/analytics-dims';
import { crossTable, top, volume, type PostScope } from '../src/store/analytics';
import { batchUnits, rollupPosts, rollupWatermark } from '../src/store/rollup';
import { chToIso, toChTime } from '../src/store/ch-time';
import { relabelPost } from '../src/store/corrections';
import { seededRandom as prng } from '@cur/shared/seeded-random';

// A small seeded generator, so a failure can be replayed.

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
const seed = Number(process.env.ROLLUP_TEST_SEED ?? 20261122);
const rand = prng(seed);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

const regions = ['lipetsk', 'omsk', 'kuzbass'] as const;
const topics = ['zhkh', 'roads', 'transport', 'health', 'other'] as const;
const locations = ['lipetsk_city', 'yelets_city', 'gryazinsky', 'unknown'] as const;
const sources = ['vk', 'ok', 'telegram'] as const;
const importances = ['normal', 'high', 'critical', 'low'] as const;
const authorityLists = [[], ['housing_dept'], ['roads_dept', 'housing_dept'], ['health_dept']] as const;
const zones = ['Europe/Moscow', 'Europe/Samara', 'Asia/Omsk', 'Asia/Novokuznetsk'] as const;
// Posts over five UTC days; a few land exactly on hour and day boundaries.
const spanStart = Date.parse('2026-11-02T00:00:00.000Z');
const spanEnd = Date.parse('2026-11-07T00:00:00.000Z');

type Row = Record<string, unknown> & { uid: string; version: number; published_at: string };

function randomInstant(): string {
  if (rand() < 0.08) return new Date(spanStart + int(0, 119) * 3_600_000).toISOString();
  return new Date(spanStart + Math.floor(rand() * (spanEnd - spanStart))).toISOString();
}

let uidSeq = 0;
function newPost(): Row {
  uidSeq += 1;
  const publishedAt = randomInstant();
  const status = rand() < 0.15 ? 'rejected' : 'classified';
  return {
    uid: `t:${uidSeq}`, version: 0, platform: 'vk', source: pick(sources), source_id: 's', region: pick(regions), kind: 'post', parent_uid: '',
    url: '', author_id: `a${uidSeq % 7}`, author_name: '', published_at: publishedAt, collected_at: publishedAt, text: 'пост',
    likes: 0, reposts: 0, comments: 0, views: 0, status, reject_reason: status === 'rejected' ? 'abuse' : '', topic: pick(topics),
    location: pick(locations), importance: pick(importances), abuse: 'none', is_spam: 0, needs_response: rand() < 0.6 ? 1 : 0,
    repeat_of: '', authorities: [...pick(authorityLists)], evidence: '[]', classified_at: publishedAt,
  };
}

/** A new version with other labels; sometimes moved to another hour of the same day, rarely to another day. */
function edit(row: Row): Row {
  const next: Row = { ...row, version: row.version + 1, topic: pick(topics), location: pick(locations), importance: pick(importances), authorities: [...pick(authorityLists)] };
  if (rand() < 0.3) next.status = row.status === 'classified' ? 'rejected' : 'classified';
  const r = rand();
  if (r < 0.25) {
    const day = Math.floor(Date.parse(row.published_at) / 86_400_000) * 86_400_000;
    next.published_at = new Date(day + Math.floor(rand() * 86_400_000)).toISOString();
  } else if (r < 0.3) {
    next.published_at = randomInstant();
  }
  return next;
}

// The reference: the same questions asked of posts FINAL with the pre-rollup queries.
function refWhere(scope: PostScope): { sql: string; params: Record<string, unknown> } {
  const where = ["published_at >= {from:DateTime64(3,'UTC')}", "published_at < {to:DateTime64(3,'UTC')}"];
  const params: Record<string, unknown> = { from: toChTime(scope.from), to: toChTime(scope.to) };
  if (scope.status !== 'all') { where.push('status = {status:String}'); params.status = scope.status; }
  if (scope.region) { where.push('region = {region:String}'); params.region = scope.region; }
  if (scope.topic) { where.push('topic = {topic:String}'); params.topic = scope.topic; }
  if (scope.location) { where.push('location = {location:String}'); params.location = scope.location; }
  return { sql: `WHERE ${where.join(' AND ')}`, params };
}

async function refVolume(store: Store, scope: PostScope, bucket: Bucket, by: Dimension, tz: string) {
  const { sql, params } = refWhere(scope);
  const rows = await store.query<{ t: number; k: string; n: number }>(
    `SELECT toUnixTimestamp(toDateTime(${bucketSql[bucket]}, {tz:String})) * 1000 AS t, ${dimensionSql[by]} AS k, count() AS n
     FROM posts FINAL ${sql} GROUP BY t, k ORDER BY t, k`, { ...params, tz });
  return rows.map((r) => ({ bucketStart: new Date(Number(r.t)).toISOString(), key: r.k, count: Number(r.n) }));
}

async function refTop(store: Store, scope: PostScope, by: Dimension, limit: number) {
  const { sql, params } = refWhere(scope);
  const rows = await store.query<{ k: string; n: number; critical: number; high: number; needs: number }>(
    `SELECT ${dimensionSql[by]} AS k, count() AS n, countIf(importance = 'critical') AS critical, countIf(importance = 'high') AS high,
       countIf(needs_response = 1) AS needs FROM posts FINAL ${sql} GROUP BY k ORDER BY n DESC, k LIMIT {limit:UInt32}`, { ...params, limit });
  return rows.map((r) => ({ key: r.k, count: Number(r.n), critical: Number(r.critical), high: Number(r.high), needsResponse: Number(r.needs) }));
}

async function refTable(store: Store, scope: PostScope, rows: Dimension, columns: Dimension) {
  const { sql, params } = refWhere(scope);
  const result = await store.query<{ r: string; c: string; n: number }>(
    `SELECT ${dimensionSql[rows]} AS r, ${dimensionSql[columns]} AS c, count() AS n FROM posts FINAL ${sql} GROUP BY r, c ORDER BY r, c`, params);
  return result.map((x) => ({ row: x.r, column: x.c, count: Number(x.n) }));
}

function randomScope(): PostScope {
  // Whole hours, whole days, or arbitrary instants; sometimes past the data on either side.
  const align = pick([1, 3_600_000, 86_400_000]);
  const a = Math.floor((spanStart - 6 * 3_600_000 + rand() * (spanEnd - spanStart + 12 * 3_600_000)) / align) * align;
  const b = Math.floor((spanStart - 6 * 3_600_000 + rand() * (spanEnd - spanStart + 12 * 3_600_000)) / align) * align;
  const [from, to] = a === b ? [a, a + align] : [Math.min(a, b), Math.max(a, b)];
  return {
    from: new Date(from), to: new Date(to), status: pick(['classified', 'classified', 'rejected', 'all'] as const),
    region: rand() < 0.5 ? pick(regions) : undefined, topic: rand() < 0.2 ? pick(topics) : undefined,
    location: rand() < 0.2 ? pick(locations) : undefined,
  };
}

async function checkRandomQuestions(store: Store, count: number, label: string): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    const scope = randomScope();
    const what = `${label} #${i} seed ${seed} ${JSON.stringify(scope)}`;
    const by = pick(Dimension);
    const bucket = pick(['hour', 'day', 'week', 'month', 'hour', 'day'] as const);
    const tz = pick(zones);
    expect(await volume(store, scope, bucket, by, tz), `${what} volume ${bucket} ${by} ${tz}`).toEqual(await refVolume(store, scope, bucket, by, tz));
    const limit = pick([3, 100]);
    expect(await top(store, scope, by, limit), `${what} top ${by} ${limit}`).toEqual(await refTop(store, scope, by, limit));
    const rows = pick(Dimension);
    const columns = pick(Dimension);
    expect(await crossTable(store, scope, rows, columns), `${what} table ${rows}×${columns}`).toEqual(await refTable(store, scope, rows, columns));
  }
}

describe('the posts rollup', () => {
  let store: Store;
  let dir: string;
  const latest = new Map<string, Row>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'console-rollup-'));
    store = await openStore({ dataDir: dir });
    await migrate(store);
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stamps inserted_at on the server for client inserts that omit it, and SELECT * does not return it', async () => {
    const before = Date.now();
    const row = newPost();
    await store.insert('posts', [row]);
    latest.set(row.uid, row);
    const [stamped] = await store.query<{ ms: number }>('SELECT toUnixTimestamp64Milli(inserted_at) AS ms FROM posts WHERE uid = {uid:String}', { uid: row.uid });
    expect(Number(stamped?.ms)).toBeGreaterThanOrEqual(before - 1000);
    expect(Number(stamped?.ms)).toBeLessThanOrEqual(Date.now() + 1000);
    const [all] = await store.query<Record<string, unknown>>('SELECT * FROM posts LIMIT 1');
    expect(Object.keys(all ?? {})).not.toContain('inserted_at');
  });

  it('answers like posts FINAL through replays, edits, late posts and rollups at random points', async () => {
    let rollups = 0;
    for (let round = 0; round < 8; round += 1) {
      const batch: Row[] = [];
      for (let i = 0; i < int(60, 160); i += 1) batch.push(newPost());
      const existing = [...latest.values()];
      for (let i = 0; i < int(5, 25) && existing.length > 0; i += 1) batch.push({ ...pick(existing) }); // replay: same uid and version
      for (let i = 0; i < int(5, 25) && existing.length > 0; i += 1) batch.push(edit(pick(existing)));
      // Inserted in a few pieces, with a rollup now and then in between, so late rows land in rolled-up days.
      for (let start = 0; start < batch.length; start += 40) {
        const piece = batch.slice(start, start + 40);
        await store.insert('posts', piece);
        for (const row of piece) if ((latest.get(row.uid)?.version ?? -1) <= row.version) latest.set(row.uid, row);
        if (rand() < 0.35) { await rollupPosts(store, new Date(), { marginMs: 0, batchRows: pick([1000, 2_000_000]) }); rollups += 1; }
      }
      // Before a rollup: the days with new rows are dirty and read from posts.
      await checkRandomQuestions(store, 4, `round ${round} pending`);
      const summary = await rollupPosts(store, new Date(), { marginMs: 0 });
      rollups += 1;
      // Every day is clean now: the next run has nothing to do.
      expect((await rollupPosts(store, new Date(), { marginMs: 0 })).units, JSON.stringify(summary)).toBe(0);
      await checkRandomQuestions(store, 4, `round ${round} rolled up`);
    }
    expect(rollups).toBeGreaterThan(8);
    await checkRandomQuestions(store, 12, 'final');
  }, 300_000);

  it('reads whole hours from the rollup: an empty generation committed for a day removes that day from the answers', async () => {
    const scope: PostScope = { from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-11-05T00:00:00Z'), status: 'all', region: 'lipetsk' };
    const before = await volume(store, scope, 'day', 'topic', 'Europe/Moscow');
    const beforeTotal = before.reduce((a, p) => a + p.count, 0);
    const [day] = await store.query<{ n: number }>(
      "SELECT count() AS n FROM posts FINAL WHERE region = 'lipetsk' AND toDate(published_at) = '2026-11-04'");
    expect(Number(day?.n)).toBeGreaterThan(0);
    // A hand-made commit of an empty generation (what a full rebuild writes for a day whose posts were deleted).
    const [committed] = await store.query<{ g: number }>("SELECT max(gen) AS g FROM posts_rollup_days WHERE region = 'lipetsk' AND day = '2026-11-04'");
    await store.insert('posts_rollup_days', [{ region: 'lipetsk', day: '2026-11-04', gen: Number(committed?.g) + 500, posts: 0, rolled_at: new Date().toISOString() }]);
    const hidden = (await volume(store, scope, 'day', 'topic', 'Europe/Moscow')).reduce((a, p) => a + p.count, 0);
    expect(hidden).toBe(beforeTotal - Number(day?.n));
    // A full rebuild recomputes every committed day and puts the counts back.
    const full = await rollupPosts(store, new Date(), { marginMs: 0, full: true });
    expect(full.units).toBeGreaterThan(10);
    expect(await volume(store, scope, 'day', 'topic', 'Europe/Moscow')).toEqual(before);
  }, 120_000);

  it('keeps the day of a row stamped after the watermark dirty (read from posts, recomputed by every run) until a watermark passes it', async () => {
    await rollupPosts(store, new Date(), { marginMs: 0 });
    const row = { ...newPost(), region: 'lipetsk', status: 'classified', topic: 'roads', published_at: '2026-11-03T10:20:00.000Z' };
    await store.insert('posts', [row]);
    const scope: PostScope = { from: new Date('2026-11-03T00:00:00Z'), to: new Date('2026-11-04T00:00:00Z'), status: 'classified', region: 'lipetsk', topic: 'roads' };
    const expected = await refVolume(store, scope, 'hour', 'topic', 'Europe/Moscow');
    expect(await volume(store, scope, 'hour', 'topic', 'Europe/Moscow')).toEqual(expected);
    const mark = await rollupWatermark(store);
    const first = await rollupPosts(store, new Date(), { marginMs: 60_000 });
    expect(first.units).toBe(1);
    // Its watermark (start - 60 s) is older than the last one: the effective watermark stays, the day stays dirty.
    expect(await rollupWatermark(store)).toBe(mark);
    expect(await volume(store, scope, 'hour', 'topic', 'Europe/Moscow')).toEqual(expected);
    const second = await rollupPosts(store, new Date(), { marginMs: 60_000 });
    expect(second.units).toBe(1);
    expect(await volume(store, scope, 'hour', 'topic', 'Europe/Moscow')).toEqual(expected);
    const third = await rollupPosts(store, new Date(), { marginMs: 0 });
    expect(third.units).toBe(1);
    expect((await rollupPosts(store, new Date(), { marginMs: 0 })).units).toBe(0);
    expect(await volume(store, scope, 'hour', 'topic', 'Europe/Moscow')).toEqual(expected);
  }, 120_000);

  it('counts a post relabelled by a curator\'s correction under its new topic, through the rollup too', async () => {
    await rollupPosts(store, new Date(), { marginMs: 0 });
    const [post] = await store.query<{ uid: string; region: string; published_at: string; topic: string }>(
      "SELECT uid, region, toString(published_at) AS published_at, topic FROM posts FINAL WHERE topic != 'health' ORDER BY uid LIMIT 1");
    const dayStart = Date.parse(`${post!.published_at.slice(0, 10)}T00:00:00Z`);
    const scope: PostScope = { from: new Date(dayStart), to: new Date(dayStart + 86_400_000), status: 'all', region: post!.region as PostScope['region'] };
    const count = async (topic: string) => (await volume(store, scope, 'day', 'topic', 'Europe/Moscow')).filter((p) => p.key === topic).reduce((a, p) => a + p.count, 0);
    const before = { old: await count(post!.topic), health: await count('health') };
    await relabelPost(store, { uid: post!.uid, region: post!.region, publishedAt: chToIso(post!.published_at) }, { topic: 'health' });
    await rollupPosts(store, new Date(), { marginMs: 0 });
    expect({ old: await count(post!.topic), health: await count('health') }).toEqual({ old: before.old - 1, health: before.health + 1 });
  }, 120_000);

  it('cuts the work into batches of one region and consecutive days', () => {
    const units = [
      { region: 'a', day: '2026-11-01', rows: 600 }, { region: 'a', day: '2026-11-02', rows: 600 }, { region: 'a', day: '2026-11-03', rows: 10 },
      { region: 'b', day: '2026-11-01', rows: 5000 }, { region: 'b', day: '2026-11-02', rows: 1 },
    ];
    expect(batchUnits(units, 1000).map((b) => b.map((u) => `${u.region}${u.day.slice(-1)}`))).toEqual([['a1'], ['a2', 'a3'], ['b1'], ['b2']]);
    expect(batchUnits([], 1000)).toEqual([]);
  });
});

describe('the rollup watermark and CLI', () => {
  it('survives reopening the store, and a run with nothing new recomputes nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'console-rollup-restart-'));
    try {
      let store = await openStore({ dataDir: dir });
      await migrate(store);
      expect(await rollupWatermark(store)).toBeNull();
      await store.insert('posts', [newPost(), newPost()]);
      const first = await rollupPosts(store, new Date(), { marginMs: 0 });
      expect(first.previousSafeBefore).toBeNull();
      expect(first.posts).toBe(2);
      const mark = await rollupWatermark(store);
      expect(mark).not.toBeNull();
      await store.close();
      store = await openStore({ dataDir: dir });
      await migrate(store);
      expect(await rollupWatermark(store)).toBe(mark);
      const second = await rollupPosts(store, new Date(), { marginMs: 0 });
      expect(second.previousSafeBefore).toBe(first.safeBefore);
      expect(second.units).toBe(0);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('`npm run rollup` runs once and prints its JSON summary', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'console-rollup-cli-'));
    try {
      const run = () => spawnSync(process.execPath, ['--import', 'tsx', 'services/console/src/cli/rollup.ts', '--margin-sec', '0'], {
        cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, CLICKHOUSE_URL: '', LOG_LEVEL: 'silent' }, encoding: 'utf8', timeout: 120_000,
      });
      const first = run();
      expect(first.status, first.stderr).toBe(0);
      const summary = JSON.parse(first.stdout.trim()) as Record<string, unknown>;
      expect(summary).toMatchObject({ units: 0, posts: 0, previousSafeBefore: null });
      expect(typeof summary.safeBefore).toBe('string');
      const second = JSON.parse(run().stdout.trim()) as Record<string, unknown>;
      expect(second.previousSafeBefore).toBe(summary.safeBefore);
      const bad = spawnSync(process.execPath, ['--import', 'tsx', 'services/console/src/cli/rollup.ts', '--margin-sec', 'x'], {
        cwd: repoRoot, env: { ...process.env, DATA_DIR: dataDir, CLICKHOUSE_URL: '' }, encoding: 'utf8', timeout: 60_000,
      });
      expect(bad.status).toBe(1);
      expect(bad.stderr).toContain('rollup:');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
