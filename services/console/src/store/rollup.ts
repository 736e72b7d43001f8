// The exact per-hour rollup of posts: recomputes the (region, UTC day) units that received inserts since the last run
// from the deduplicated `posts FINAL` and commits them as a new generation; the analytics read it for whole hours.
//
// Why whole days and generations (see also migrations/002-posts-rollup.sql):
// - posts is ReplacingMergeTree(version) ORDER BY (region, toDate(published_at), uid): FINAL deduplicates within one
//   (region, UTC day), so an edit can move a post to another hour of the same day, never to another day. Recomputing
//   the whole day is therefore exact, where recomputing only the hours that got inserts is not (the old hour of an
//   edited post would keep counting it).
// - A recomputed day is written with a new generation `gen` and then committed in posts_rollup_days. Readers take
//   only the rows of the latest committed generation, so a group that vanished (every post of it was edited away) is
//   not counted, and a run that dies half-way leaves nothing visible.
// - The watermark `safe_before` (posts_rollup_state) is the server's clock at the start of the run minus a margin:
//   a posts row stamped (inserted_at, server clock) before it was visible to that run, provided no insert takes
//   longer than the margin to commit. Readers treat a day with any row stamped at or after the watermark as dirty
//   and read it from posts; the next run recomputes every day with rows stamped since the previous watermark.
//   The server's clock, not the caller's: inserted_at is stamped by the server, the two must be one clock.
// - One writer per database: runs in this process are queued one after another (and chDB lets one process open its
//   directory). A run that dies half-way is harmless when it is the only writer: its days stay dirty under the
//   unchanged watermark, readers take them from posts and the next run recomputes them. Two writers at once on one
//   ClickHouse server (the console's timer and `npm run rollup`) are exact as long as both finish; if one dies after
//   writing rows for a day the other has just committed, merges can replace committed rows with its uncommitted
//   ones and that day reads short until it is next recomputed (`npm run rollup -- --full` repairs it).
import type { Store } from '@cur/shared/store/clickhouse';
import type { Dimension } from '../core/analytics-dims';
import { toChTime } from './ch-time';

/**
 * The rollup tables and the dimensions each keeps besides region, hour and status (migrations 002 and 003), smallest
 * first. Their columns are named after the dimensions; every one also has gen, n, critical, high and needs.
 */
export const rollupCubes = [
  { table: 'posts_hourly_tl', dims: ['topic', 'location'] },
  { table: 'posts_hourly_ti', dims: ['topic', 'importance'] },
  { table: 'posts_hourly_ts', dims: ['topic', 'source'] },
  { table: 'posts_hourly_ta', dims: ['topic', 'authority'] },
  { table: 'posts_hourly', dims: ['topic', 'location', 'source', 'importance', 'authority'] },
] as const satisfies readonly { table: string; dims: readonly Dimension[] }[];
export type RollupCube = (typeof rollupCubes)[number];

/** The smallest rollup table that keeps every one of `dims`. */
export function cubeFor(dims: readonly Dimension[]): RollupCube {
  return rollupCubes.find((c) => dims.every((d) => (c.dims as readonly Dimension[]).includes(d))) ?? rollupCubes[rollupCubes.length - 1]!;
}

export interface RollupOptions {
  /** How long an insert into posts may take from its server timestamp to its commit; default 5 minutes. */
  marginMs?: number | undefined;
  /** Rows of posts recomputed per statement, at most (a day is never split); default 2,000,000. */
  batchRows?: number | undefined;
  /** Recompute every day that has posts or a committed generation (after deleting posts rows, for instance). */
  full?: boolean | undefined;
}

export interface RollupSummary {
  /** The server's clock at the start of the run. */
  serverStart: string;
  /** The caller's clock (recorded as run_at). */
  runAt: string;
  previousSafeBefore: string | null;
  safeBefore: string;
  /** Generation of the run's first region (the others follow: +1, +2 …). */
  gen: number;
  /** (region, day) units recomputed. */
  units: number;
  regions: number;
  batches: number;
  /** Posts counted in the recomputed units. */
  posts: number;
  /** Rows written to each rollup table. */
  rows: Record<string, number>;
  durationMs: number;
}

export const defaultRollupMarginMs = 5 * 60_000;
const defaultBatchRows = 2_000_000;
const maxDaysPerBatch = 62;
const epoch = '1970-01-01 00:00:00.000';

interface Unit { region: string; day: string; rows: number }

const dayMs = 86_400_000;
const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);

/** Latest watermark, or null before the first run. */
export async function rollupWatermark(store: Store): Promise<string | null> {
  const rows = await store.query<{ s: string; n: number }>(
    "SELECT toString(max(safe_before)) AS s, count() AS n FROM posts_rollup_state WHERE name = 'posts'",
  );
  return rows[0] && Number(rows[0].n) > 0 ? rows[0].s : null;
}

async function dirtyUnits(store: Store, since: string, full: boolean): Promise<Unit[]> {
  const rows = await store.query<{ region: string; day: string; n: number }>(
    `SELECT region, toString(toDate(published_at)) AS day, count() AS n FROM posts
     WHERE inserted_at >= {since:DateTime64(3,'UTC')} GROUP BY region, day`,
    { since },
  );
  const units = new Map<string, Unit>(rows.map((r) => [`${r.region}|${r.day}`, { region: r.region, day: r.day, rows: Number(r.n) }]));
  if (full) {
    const committed = await store.query<{ region: string; day: string }>('SELECT DISTINCT region, toString(day) AS day FROM posts_rollup_days');
    for (const c of committed) if (!units.has(`${c.region}|${c.day}`)) units.set(`${c.region}|${c.day}`, { region: c.region, day: c.day, rows: 0 });
  }
  return [...units.values()].sort((a, b) => (a.region === b.region ? a.day.localeCompare(b.day) : a.region.localeCompare(b.region)));
}

/** Consecutive units of one region, at most `batchRows` posts rows (estimated) or `maxDaysPerBatch` days each. */
export function batchUnits(units: readonly Unit[], batchRows: number): Unit[][] {
  const batches: Unit[][] = [];
  let current: Unit[] = [];
  let rows = 0;
  for (const unit of units) {
    const fits = current.length > 0 && current[0]!.region === unit.region && rows + unit.rows <= batchRows && current.length < maxDaysPerBatch;
    if (!fits && current.length > 0) { batches.push(current); current = []; rows = 0; }
    current.push(unit);
    rows += unit.rows;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function recomputeBatch(store: Store, batch: readonly Unit[], gen: number, runAt: Date): Promise<{ posts: number; rows: Record<string, number> }> {
  const region = batch[0]!.region;
  const days = batch.map((u) => u.day);
  const lo = toChTime(dayStart(days[0]!));
  const hi = toChTime(new Date(dayStart(days[days.length - 1]!).getTime() + dayMs));
  const params = { region, days, lo, hi, gen };
  // Every row of these days lies in [lo, hi): the range only prunes partitions, it never splits a FINAL group.
  await store.command(
    `INSERT INTO posts_hourly (region, hour, status, topic, location, source, importance, authority, gen, n, critical, high, needs)
     SELECT region, toStartOfHour(published_at) AS h, status, topic, location, source, importance,
       if(empty(authorities), 'none', authorities[1]) AS auth, {gen:UInt64}, count(), countIf(importance = 'critical'),
       countIf(importance = 'high'), countIf(needs_response = 1)
     FROM posts FINAL
     WHERE region = {region:String} AND toDate(published_at) IN {days:Array(Date)}
       AND published_at >= {lo:DateTime64(3,'UTC')} AND published_at < {hi:DateTime64(3,'UTC')}
     GROUP BY region, h, status, topic, location, source, importance, auth`,
    params,
  );
  const range = { region, lo: lo.slice(0, 19), hi: hi.slice(0, 19), gen };
  const rangeWhere = "region = {region:String} AND hour >= {lo:DateTime('UTC')} AND hour < {hi:DateTime('UTC')} AND gen = {gen:UInt64}";
  // The smaller tables are sums of this generation's rows of posts_hourly (table and column names are the constants above).
  for (const cube of rollupCubes) {
    if (cube.table === 'posts_hourly') continue;
    const keys = `region, hour, status, ${cube.dims.join(', ')}, gen`;
    await store.command(
      `INSERT INTO ${cube.table} (${keys}, n, critical, high, needs)
       SELECT ${keys}, sum(n), sum(critical), sum(high), sum(needs) FROM posts_hourly WHERE ${rangeWhere} GROUP BY ${keys}`,
      range,
    );
  }
  const counts = await store.query<{ day: string; posts: number; rows: number }>(
    `SELECT toString(toDate(hour)) AS day, sum(n) AS posts, count() AS rows FROM posts_hourly WHERE ${rangeWhere} GROUP BY day`,
    range,
  );
  const [written] = await store.query<Record<string, number>>(
    `SELECT ${rollupCubes.map((c) => `(SELECT count() FROM ${c.table} WHERE ${rangeWhere}) AS ${c.table}`).join(', ')}`,
    range,
  );
  const rows: Record<string, number> = Object.fromEntries(rollupCubes.map((c) => [c.table, Number(written?.[c.table] ?? 0)]));
  const perDay = new Map(counts.map((c) => [c.day, Number(c.posts)]));
  // The commit: a day without posts now (all deleted) is committed too, with no rows, so its old generation stops counting.
  await store.insert('posts_rollup_days', days.map((day) => ({ region, day, gen, posts: perDay.get(day) ?? 0, rolled_at: runAt.toISOString() })));
  return { posts: counts.reduce((a, c) => a + Number(c.posts), 0), rows };
}

// One run at a time per store in this process (a second caller waits for the first and then runs its own).
const queues = new WeakMap<Store, Promise<unknown>>();

/**
 * Recomputes every (region, day) that received posts rows since the last watermark, commits them and advances the
 * watermark. `now` is the caller's clock, recorded as run_at; the watermark comes from the server's clock.
 */
export function rollupPosts(store: Store, now: Date, options: RollupOptions = {}): Promise<RollupSummary> {
  const previous = queues.get(store) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => runRollup(store, now, options));
  queues.set(store, run);
  return run;
}

async function runRollup(store: Store, now: Date, options: RollupOptions): Promise<RollupSummary> {
  const started = performance.now();
  const marginMs = options.marginMs ?? defaultRollupMarginMs;
  const [clock] = await store.query<{ t: string; ms: number }>('SELECT toString(now64(3)) AS t, toUnixTimestamp64Milli(now64(3)) AS ms');
  const serverMs = Number(clock!.ms);
  const previousSafeBefore = await rollupWatermark(store);
  const units = await dirtyUnits(store, options.full ? epoch : previousSafeBefore ?? epoch, options.full === true);
  const batches = batchUnits(units, options.batchRows ?? defaultBatchRows);
  // One generation per region of the run: it grows with the server's clock, and a generation number belongs to one
  // region only, so readers match (day, gen) pairs without the region (a pair of integers is cheap to look up).
  const regionList = [...new Set(units.map((u) => u.region))].sort();
  if (regionList.length > 999) throw new Error(`rollup: ${regionList.length} regions in one run; at most 999`);
  const genOf = (region: string): number => serverMs * 1000 + regionList.indexOf(region);
  let posts = 0;
  const rows: Record<string, number> = Object.fromEntries(rollupCubes.map((c) => [c.table, 0]));
  for (const batch of batches) {
    const done = await recomputeBatch(store, batch, genOf(batch[0]!.region), now);
    posts += done.posts;
    for (const [table, n] of Object.entries(done.rows)) rows[table] = (rows[table] ?? 0) + n;
  }
  const safeBefore = toChTime(new Date(serverMs - marginMs));
  await store.insert('posts_rollup_state', [{ name: 'posts', safe_before: safeBefore, gen: serverMs * 1000, run_at: now.toISOString() }]);
  return {
    serverStart: new Date(serverMs).toISOString(),
    runAt: now.toISOString(),
    previousSafeBefore: previousSafeBefore ? `${previousSafeBefore.replace(' ', 'T')}Z` : null,
    safeBefore: `${safeBefore.replace(' ', 'T')}Z`,
    gen: serverMs * 1000,
    units: units.length,
    regions: new Set(units.map((u) => u.region)).size,
    batches: batches.length,
    posts,
    rows,
    durationMs: Math.round(performance.now() - started),
  };
}
