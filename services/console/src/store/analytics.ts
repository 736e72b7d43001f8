// Analytics over the posts table: volume per bucket by a dimension, top values, a table by place, window counts for spikes.
import type { Store } from '@cur/shared/store/clickhouse';
import { bucketSql, dimensionSql, type Bucket, type Dimension } from '../core/analytics-dims';
import type { WindowCount } from '../core/spikes';
import { chToIso, toChTime } from './ch-time';

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

/** bucket and dimension are names from the whitelists: only their SQL fragments reach the query text. */
export async function volume(store: Store, scope: PostScope, bucket: Bucket, by: Dimension, timeZone: string): Promise<VolumePoint[]> {
  const { sql: where, params } = scopeWhere(scope);
  const rows = await store.query<{ t: number; k: string; n: number }>(
    `SELECT toUnixTimestamp(toDateTime(${bucketSql[bucket]}, {tz:String})) * 1000 AS t, ${dimensionSql[by]} AS k, count() AS n
     FROM posts FINAL ${where} GROUP BY t, k ORDER BY t, k`,
    { ...params, tz: timeZone },
  );
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
  const { sql: where, params } = scopeWhere(scope);
  const rows = await store.query<{ k: string; n: number; critical: number; high: number; needs: number }>(
    `SELECT ${dimensionSql[by]} AS k, count() AS n, countIf(importance = 'critical') AS critical,
       countIf(importance = 'high') AS high, countIf(needs_response = 1) AS needs
     FROM posts FINAL ${where} GROUP BY k ORDER BY n DESC, k LIMIT {limit:UInt32}`,
    { ...params, limit },
  );
  return rows.map((r) => ({ key: r.k, count: Number(r.n), critical: Number(r.critical), high: Number(r.high), needsResponse: Number(r.needs) }));
}

export interface CrossCell {
  row: string;
  column: string;
  count: number;
}

/** A table of counts: rows by one dimension (e.g. municipality), columns by another (e.g. topic). */
export async function crossTable(store: Store, scope: PostScope, rows: Dimension, columns: Dimension): Promise<CrossCell[]> {
  const { sql: where, params } = scopeWhere(scope);
  const result = await store.query<{ r: string; c: string; n: number }>(
    `SELECT ${dimensionSql[rows]} AS r, ${dimensionSql[columns]} AS c, count() AS n FROM posts FINAL ${where} GROUP BY r, c ORDER BY r, c`,
    params,
  );
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
