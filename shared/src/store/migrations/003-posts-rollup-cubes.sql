-- Smaller rollup tables beside posts_hourly_tl (002): topic × one other dimension each, written by the same rollup
-- run from posts_hourly with the same generation. A question reads the smallest table holding every dimension it
-- groups or filters by; posts_hourly holds them all.
CREATE TABLE IF NOT EXISTS posts_hourly_ts (
  region LowCardinality(String),
  hour DateTime('UTC'),
  status LowCardinality(String),
  topic LowCardinality(String),
  source LowCardinality(String),
  gen UInt64,
  n UInt64,
  critical UInt64,
  high UInt64,
  needs UInt64
) ENGINE = ReplacingMergeTree(gen)
PARTITION BY toYYYYMM(hour)
ORDER BY (region, hour, status, topic, source);

CREATE TABLE IF NOT EXISTS posts_hourly_ti (
  region LowCardinality(String),
  hour DateTime('UTC'),
  status LowCardinality(String),
  topic LowCardinality(String),
  importance LowCardinality(String),
  gen UInt64,
  n UInt64,
  critical UInt64,
  high UInt64,
  needs UInt64
) ENGINE = ReplacingMergeTree(gen)
PARTITION BY toYYYYMM(hour)
ORDER BY (region, hour, status, topic, importance);

CREATE TABLE IF NOT EXISTS posts_hourly_ta (
  region LowCardinality(String),
  hour DateTime('UTC'),
  status LowCardinality(String),
  topic LowCardinality(String),
  authority LowCardinality(String),
  gen UInt64,
  n UInt64,
  critical UInt64,
  high UInt64,
  needs UInt64
) ENGINE = ReplacingMergeTree(gen)
PARTITION BY toYYYYMM(hour)
ORDER BY (region, hour, status, topic, authority);
