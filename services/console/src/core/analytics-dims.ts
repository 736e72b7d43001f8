// The whitelisted SQL fragments of analytics: a request picks names from these maps, never text of its own.

export const Bucket = ['5m', 'hour', 'day', 'week', 'month'] as const;
export type Bucket = (typeof Bucket)[number];

export const Dimension = ['topic', 'location', 'source', 'importance', 'authority'] as const;
export type Dimension = (typeof Dimension)[number];

/** Bucket start of `published_at`; {tz:String} is a server-side parameter. */
export const bucketSql: Record<Bucket, string> = {
  '5m': 'toStartOfFiveMinutes(published_at)',
  hour: 'toStartOfHour(published_at)',
  day: 'toStartOfDay(published_at, {tz:String})',
  week: 'toMonday(published_at, {tz:String})',
  month: 'toStartOfMonth(published_at, {tz:String})',
};

export const bucketMs: Record<Bucket, number> = {
  '5m': 5 * 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 31 * 86_400_000,
};

/** Column of the posts table for each dimension; the responsible authority is the first of the list. */
export const dimensionSql: Record<Dimension, string> = {
  topic: 'topic',
  location: 'location',
  source: 'source',
  importance: 'importance',
  authority: "if(empty(authorities), 'none', authorities[1])",
};

/** Most buckets a single volume request may return, so nobody asks for five-minute buckets over a year. */
export const maxBuckets = 5000;
