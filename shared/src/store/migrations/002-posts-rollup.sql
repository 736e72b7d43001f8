-- The per-hour rollup of posts (services/console/src/store/rollup.ts) and what it needs from posts.
--
-- inserted_at: the server's clock when a row was written. MATERIALIZED, not DEFAULT: no insert can set it, an
-- `INSERT INTO posts SELECT <the 30 columns>` keeps working, and `SELECT *` does not return it. Rows of parts
-- written before this migration get the migration's time (MATERIALIZE COLUMN), so they are "inserted" now and the
-- first rollup run covers them. The minmax index lets "what was inserted since the watermark" skip old granules.
ALTER TABLE posts ADD COLUMN IF NOT EXISTS inserted_at DateTime64(3, 'UTC') MATERIALIZED now64(3);
ALTER TABLE posts MATERIALIZE COLUMN inserted_at SETTINGS mutations_sync = 2;
ALTER TABLE posts ADD INDEX IF NOT EXISTS posts_inserted_at inserted_at TYPE minmax GRANULARITY 1;
ALTER TABLE posts MATERIALIZE INDEX posts_inserted_at SETTINGS mutations_sync = 2;

-- Counts per (region, hour) and every analytics dimension, one generation (`gen`) per recomputed (region, UTC day).
-- Readers take only the rows of the latest committed generation of each (region, day) (posts_rollup_days), so rows
-- of an older generation (a group that vanished after an edit) are never counted; merges drop the replaced ones.
CREATE TABLE IF NOT EXISTS posts_hourly (
  region LowCardinality(String),
  hour DateTime('UTC'),
  status LowCardinality(String),
  topic LowCardinality(String),
  location LowCardinality(String),
  source LowCardinality(String),
  importance LowCardinality(String),
  authority LowCardinality(String),
  gen UInt64,
  n UInt64,
  critical UInt64,
  high UInt64,
  needs UInt64
) ENGINE = ReplacingMergeTree(gen)
PARTITION BY toYYYYMM(hour)
ORDER BY (region, hour, status, topic, location, source, importance, authority);

-- The same counts by topic × place only: ~20 times fewer rows, for the questions that need no other dimension.
CREATE TABLE IF NOT EXISTS posts_hourly_tl (
  region LowCardinality(String),
  hour DateTime('UTC'),
  status LowCardinality(String),
  topic LowCardinality(String),
  location LowCardinality(String),
  gen UInt64,
  n UInt64,
  critical UInt64,
  high UInt64,
  needs UInt64
) ENGINE = ReplacingMergeTree(gen)
PARTITION BY toYYYYMM(hour)
ORDER BY (region, hour, status, topic, location);

-- Commit records: a generation of a (region, day) is visible to readers once its row is here (written after its data).
CREATE TABLE IF NOT EXISTS posts_rollup_days (
  region LowCardinality(String),
  day Date,
  gen UInt64,
  posts UInt64,
  rolled_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(gen)
ORDER BY (region, day);

-- The watermark: every posts row with inserted_at < safe_before is counted in the committed generations.
CREATE TABLE IF NOT EXISTS posts_rollup_state (
  name LowCardinality(String),
  safe_before DateTime64(3, 'UTC'),
  gen UInt64,
  run_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(safe_before)
ORDER BY name;
