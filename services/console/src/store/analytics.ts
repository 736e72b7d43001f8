// Analytics over the posts table: volume per bucket by a dimension, top values, a table by place, window counts for spikes.
// volume/top/crossTable read whole hours from the per-hour rollup (rollup.ts) and the rest from posts FINAL.
import { IANAZone } from 'luxon';
import type { Store } from '@cur/shared/store/clickhouse';
import { bucketSql, dimensionSql, type Bucket, type Dimension } from '../core/analytics-dims';
import type { WindowCount } from '../core/spikes';
import { chToIso, toChTime } from './ch-time';
import { cubeFor } from './rollup';

export interface PostScope {
  from: Date;
  to: Date;
  /** classified (default), rejected or all posts. */
  status: 'classified' | 'rejected' | 'all';
  region?: string | undefined;
  topic?: string | undefined;
  location?: string | undefined;
}

function scopeWhere(scope: PostScope): { sql: string; params: Record<string, unknown> } {
  const where = ['published_at >= {from:DateTime64(3,\'UTC\')}', 'published_at < {to:DateTime64(3,\'UTC\')}'];
  const params: Record<string, unknown> = { from: toChTime(scope.from), to: toChTime(scope.to) };
  if (scope.status !== 'all') { where.push('status = {status:String}'); params.status = scope.status; }
  if (scope.region) { where.push('region = {region:String}'); params.region = scope.region; }
  if (scope.topic) { where.push('topic = {topic:String}'); params.topic = scope.topic; }
  if (scope.location) { where.push('location = {location:String}'); params.location = scope.location; }
  return { sql: `WHERE ${where.join(' AND ')}`, params };
}

export interface VolumePoint {
  bucketStart: string;
  key: string;
  count: number;
}

// ---- The rollup split -------------------------------------------------------------------------------------------
// Whole UTC hours of [from, to) on clean days are read from the rollup (rollup.ts); the partial hours at the edges
// and the dirty days (a posts row stamped at or after the watermark, in any region of the scope) from posts FINAL;
// both parts are added up in one query. FINAL deduplicates within one (region, UTC day); the rollup rows of a clean
// day are that day's FINAL state hour by hour, and the posts part filters FINAL by published_at as the plain query
// does, so the two parts are disjoint ranges of one FINAL state and their sum is the plain query's answer.

/** Column of a rollup table for each dimension (the responsible authority is computed when the rollup is written). */
const cubeColumn: Record<Dimension, string> = { topic: 'topic', location: 'location', source: 'source', importance: 'importance', authority: 'authority' };

/** The dimensions a question groups by plus those its scope filters on. */
const neededDims = (scope: PostScope, dims: readonly Dimension[]): Dimension[] =>
  [...dims, ...(scope.topic ? ['topic' as const] : []), ...(scope.location ? ['location' as const] : [])];

const hourMs = 3_600_000;

/** Day/week/month buckets of the rollup are exact only when the zone is a whole number of hours from UTC over the range. */
function wholeHourZone(timeZone: string, from: Date, to: Date): boolean {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) return false;
  for (let t = from.getTime(); ; t = Math.min(t + 15 * 86_400_000, to.getTime())) {
    if (zone.offset(t) % 60 !== 0) return false;
    if (t >= to.getTime()) return true;
  }
}

interface Split {
  /** SQL of the posts part: the scope's WHERE plus the edges and the dirty days; null = nothing to read from posts. */
  postsWhere: string | null;
  /** SQL of the rollup part (on the cube's columns). */
  rollupWhere: string;
  params: Record<string, unknown>;
}

/**
 * Plans the split of a scope: one small query finds the UTC days with posts rows stamped at or after the watermark
 * (every day, before the first rollup run). Null when the range holds no whole hour.
 */
async function planSplit(store: Store, scope: PostScope): Promise<Split | null> {
  const hFrom = new Date(Math.ceil(scope.from.getTime() / hourMs) * hourMs);
  const hTo = new Date(Math.floor(scope.to.getTime() / hourMs) * hourMs);
  if (hFrom.getTime() >= hTo.getTime()) return null;
  const dirty = await store.query<{ d: string }>(
    `SELECT DISTINCT toString(toDate(published_at)) AS d FROM posts
     WHERE inserted_at >= (SELECT if(count() = 0, toDateTime64(0, 3, 'UTC'), max(safe_before)) FROM posts_rollup_state WHERE name = 'posts')
       AND published_at >= {hFrom:DateTime64(3,'UTC')} AND published_at < {hTo:DateTime64(3,'UTC')}
       ${scope.region ? 'AND region = {region:String}' : ''}`,
    { hFrom: toChTime(hFrom), hTo: toChTime(hTo), region: scope.region ?? '' },
  );
  const dirtyDays = dirty.map((r) => r.d).sort();
  const { sql: where, params } = scopeWhere(scope);
  const parts: string[] = [];
  if (scope.from.getTime() < hFrom.getTime()) parts.push('published_at < {hFrom:DateTime64(3,\'UTC\')}');
  if (hTo.getTime() < scope.to.getTime()) parts.push('published_at >= {hTo:DateTime64(3,\'UTC\')}');
  if (dirtyDays.length > 0) parts.push('toDate(published_at) IN {dirtyDays:Array(Date)}');
  const rollup = ['hour >= {hFromH:DateTime(\'UTC\')}', 'hour < {hToH:DateTime(\'UTC\')}'];
  if (dirtyDays.length > 0) rollup.push('toDate(hour) NOT IN {dirtyDays:Array(Date)}');
  if (scope.status !== 'all') rollup.push('status = {status:String}');
  if (scope.region) rollup.push('region = {region:String}');
  if (scope.topic) rollup.push('topic = {topic:String}');
  if (scope.location) rollup.push('location = {location:String}');
  // Only rows of the latest committed generation of their (region, day); a generation number belongs to one region.
  rollup.push(`(toDate(hour), gen) IN (
      SELECT day, max(gen) FROM posts_rollup_days
      WHERE day >= toDate({hFromH:DateTime('UTC')}) AND day <= toDate({hToH:DateTime('UTC')}) ${scope.region ? 'AND region = {region:String}' : ''}
      GROUP BY region, day)`);
  return {
    postsWhere: parts.length > 0 ? `${where} AND (${parts.join(' OR ')})` : null,
    rollupWhere: `WHERE ${rollup.join(' AND ')}`,
    params: {
      ...params, hFrom: toChTime(hFrom), hTo: toChTime(hTo), hFromH: toChTime(hFrom).slice(0, 19), hToH: toChTime(hTo).slice(0, 19), dirtyDays,
    },
  };
}

/** bucket and dimension are names from the whitelists: only their SQL fragments reach the query text. */
export async function volume(store: Store, scope: PostScope, bucket: Bucket, by: Dimension, timeZone: string): Promise<VolumePoint[]> {
  const split = bucket === '5m' || !wholeHourZone(timeZone, scope.from, scope.to) ? null : await planSplit(store, scope);
  const bucketT = `toUnixTimestamp(toDateTime(${bucketSql[bucket]}, {tz:String})) * 1000`;
  let rows: { t: number; k: string; n: number }[];
  if (!split) {
    const { sql: where, params } = scopeWhere(scope);
    rows = await store.query(
      `SELECT ${bucketT} AS t, ${dimensionSql[by]} AS k, count() AS n
       FROM posts FINAL ${where} GROUP BY t, k ORDER BY t, k`,
      { ...params, tz: timeZone },
    );
  } else {
    const cube = cubeFor(neededDims(scope, [by]));
    const postsPart = split.postsWhere
      ? `SELECT ${bucketT} AS t, ${dimensionSql[by]} AS k, count() AS c FROM posts FINAL ${split.postsWhere} GROUP BY t, k UNION ALL `
      : '';
    // The rollup's hour is named published_at (WITH) so the whitelisted bucket fragments apply unchanged.
    rows = await store.query(
      `SELECT t, k, sum(c) AS n FROM (
         ${postsPart}
         SELECT * FROM (
           WITH hour AS published_at
           SELECT ${bucketT} AS t, ${cubeColumn[by]} AS k, sum(n) AS c FROM ${cube.table} ${split.rollupWhere} GROUP BY t, k
         )
       ) GROUP BY t, k HAVING n > 0 ORDER BY t, k`,
      { ...split.params, tz: timeZone },
    );
  }
  return rows.map((r) => ({ bucketStart: new Date(Number(r.t)).toISOString(), key: r.k, count: Number(r.n) }));
}

export interface TopRow {
  key: string;
  count: number;
  critical: number;
  high: number;
  needsResponse: number;
}

export async function top(store: Store, scope: PostScope, by: Dimension, limit: number): Promise<TopRow[]> {
  const split = await planSplit(store, scope);
  let rows: { k: string; n: number; critical: number; high: number; needs: number }[];
  if (!split) {
    const { sql: where, params } = scopeWhere(scope);
    rows = await store.query(
      `SELECT ${dimensionSql[by]} AS k, count() AS n, countIf(importance = 'critical') AS critical,
         countIf(importance = 'high') AS high, countIf(needs_response = 1) AS needs
       FROM posts FINAL ${where} GROUP BY k ORDER BY n DESC, k LIMIT {limit:UInt32}`,
      { ...params, limit },
    );
  } else {
    const cube = cubeFor(neededDims(scope, [by]));
    const postsPart = split.postsWhere
      ? `SELECT ${dimensionSql[by]} AS k, count() AS c, countIf(importance = 'critical') AS cr, countIf(importance = 'high') AS hi,
           countIf(needs_response = 1) AS ne FROM posts FINAL ${split.postsWhere} GROUP BY k UNION ALL `
      : '';
    rows = await store.query(
      `SELECT k, sum(c) AS n, sum(cr) AS critical, sum(hi) AS high, sum(ne) AS needs FROM (
         ${postsPart}
         SELECT ${cubeColumn[by]} AS k, sum(n) AS c, sum(critical) AS cr, sum(high) AS hi, sum(needs) AS ne
         FROM ${cube.table} ${split.rollupWhere} GROUP BY k
       ) GROUP BY k HAVING n > 0 ORDER BY n DESC, k LIMIT {limit:UInt32}`,
      { ...split.params, limit },
    );
  }
  return rows.map((r) => ({ key: r.k, count: Number(r.n), critical: Number(r.critical), high: Number(r.high), needsResponse: Number(r.needs) }));
}

export interface CrossCell {
  row: string;
  column: string;
  count: number;
}

/** A table of counts: rows by one dimension (e.g. municipality), columns by another (e.g. topic). */
export async function crossTable(store: Store, scope: PostScope, rows: Dimension, columns: Dimension): Promise<CrossCell[]> {
  const split = await planSplit(store, scope);
  let result: { r: string; c: string; n: number }[];
  if (!split) {
    const { sql: where, params } = scopeWhere(scope);
    result = await store.query(
      `SELECT ${dimensionSql[rows]} AS r, ${dimensionSql[columns]} AS c, count() AS n FROM posts FINAL ${where} GROUP BY r, c ORDER BY r, c`,
      params,
    );
  } else {
    const cube = cubeFor(neededDims(scope, [rows, columns]));
    const postsPart = split.postsWhere
      ? `SELECT ${dimensionSql[rows]} AS r, ${dimensionSql[columns]} AS c, count() AS x FROM posts FINAL ${split.postsWhere} GROUP BY r, c UNION ALL `
      : '';
    result = await store.query(
      `SELECT r, c, sum(x) AS n FROM (
         ${postsPart}
         SELECT ${cubeColumn[rows]} AS r, ${cubeColumn[columns]} AS c, sum(n) AS x FROM ${cube.table} ${split.rollupWhere} GROUP BY r, c
       ) GROUP BY r, c HAVING n > 0 ORDER BY r, c`,
      split.params,
    );
  }
  return result.map((x) => ({ row: x.r, column: x.c, count: Number(x.n) }));
}

/** Counts per topic × place per window: window 0 is the oldest baseline window, `windows` the current one. */
export async function windowCounts(store: Store, currentStart: Date, windowMin: number, windows: number, region: string | undefined): Promise<WindowCount[]> {
  const windowMs = windowMin * 60_000;
  const from = new Date(currentStart.getTime() - windows * windowMs);
  const to = new Date(currentStart.getTime() + windowMs);
  const rows = await store.query<{ topic: string; location: string; w: number; n: number }>(
    `SELECT topic, location, toUInt32(intDiv(toUnixTimestamp64Milli(published_at) - {fromMs:Int64}, {windowMs:Int64})) AS w, count() AS n
     FROM posts FINAL
     WHERE published_at >= {from:DateTime64(3,'UTC')} AND published_at < {to:DateTime64(3,'UTC')}
       AND status = 'classified' AND topic != 'other' ${region ? 'AND region = {region:String}' : ''}
     GROUP BY topic, location, w`,
    { from: toChTime(from), to: toChTime(to), fromMs: from.getTime(), windowMs, region: region ?? '' },
  );
  return rows.map((r) => ({ topic: r.topic, location: r.location, window: Number(r.w), count: Number(r.n) }));
}

export interface SpikePost {
  uid: string;
  url: string;
  publishedAt: string;
  text: string;
  importance: string;
}

export async function postsOf(store: Store, topic: string, location: string, from: Date, to: Date, limit: number): Promise<SpikePost[]> {
  const rows = await store.query<{ uid: string; url: string; published_at: string; text: string; importance: string }>(
    `SELECT uid, url, published_at, substring(text, 1, 500) AS text, importance FROM posts FINAL
     WHERE topic = {topic:String} AND location = {location:String} AND status = 'classified'
       AND published_at >= {from:DateTime64(3,'UTC')} AND published_at < {to:DateTime64(3,'UTC')}
     ORDER BY published_at LIMIT {limit:UInt32}`,
    { topic, location, from: toChTime(from), to: toChTime(to), limit },
  );
  return rows.map((r) => ({ uid: r.uid, url: r.url, publishedAt: chToIso(r.published_at) ?? '', text: r.text, importance: r.importance }));
}
