-- Collector: the uid + version of every post already published to posts.raw, so a restart or an overlapping
-- page never publishes it twice. ReplacingMergeTree(version) keeps the newest version per uid.
CREATE TABLE IF NOT EXISTS collector_seen (
  uid String,
  version UInt64,
  content_hash String,
  source_id LowCardinality(String),
  seen_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
ORDER BY uid
TTL toDateTime(seen_at) + INTERVAL 180 DAY;
