-- Core tables. Every table deduplicates by a deterministic key, so a replayed message does not double a count.
CREATE TABLE IF NOT EXISTS posts (
  uid String,
  version UInt32,
  platform LowCardinality(String),
  source LowCardinality(String),
  source_id String,
  region LowCardinality(String),
  kind LowCardinality(String),
  parent_uid String,
  url String,
  author_id String,
  author_name String,
  published_at DateTime64(3, 'UTC'),
  collected_at DateTime64(3, 'UTC'),
  text String,
  likes UInt32,
  reposts UInt32,
  comments UInt32,
  views UInt32,
  status LowCardinality(String),
  reject_reason LowCardinality(String),
  topic LowCardinality(String),
  location LowCardinality(String),
  importance LowCardinality(String),
  abuse LowCardinality(String),
  is_spam UInt8,
  needs_response UInt8,
  repeat_of String,
  authorities Array(LowCardinality(String)),
  evidence String,
  classified_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(published_at)
ORDER BY (region, toDate(published_at), uid);

CREATE TABLE IF NOT EXISTS incidents (
  incident_id String,
  post_uid String,
  region LowCardinality(String),
  topic LowCardinality(String),
  location LowCardinality(String),
  importance LowCardinality(String),
  authority LowCardinality(String),
  co_executors Array(LowCardinality(String)),
  status LowCardinality(String),
  repeat_of_incident_id String,
  detected_at DateTime64(3, 'UTC'),
  created_at DateTime64(3, 'UTC'),
  updated_at DateTime64(3, 'UTC'),
  url String,
  text String,
  source LowCardinality(String),
  author_id String,
  evidence String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY incident_id;

CREATE TABLE IF NOT EXISTS incident_events (
  event_id String,
  incident_id String,
  region LowCardinality(String),
  type LowCardinality(String),
  at DateTime64(3, 'UTC'),
  actor String,
  authority LowCardinality(String),
  co_executors Array(LowCardinality(String)),
  importance LowCardinality(String),
  reason String,
  text String
) ENGINE = ReplacingMergeTree
ORDER BY (incident_id, event_id);

CREATE TABLE IF NOT EXISTS sla_facts (
  fact_id String,
  incident_id String,
  region LowCardinality(String),
  authority LowCardinality(String),
  stage LowCardinality(String),
  importance LowCardinality(String),
  started_at DateTime64(3, 'UTC'),
  deadline_at DateTime64(3, 'UTC'),
  done_at Nullable(DateTime64(3, 'UTC')),
  status LowCardinality(String),
  overdue_working_minutes Float64,
  recorded_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY fact_id;

CREATE TABLE IF NOT EXISTS source_cursors (
  source_id String,
  cursor String,
  updated_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(updated_at)
ORDER BY source_id;

CREATE TABLE IF NOT EXISTS dead_letters (
  source_topic LowCardinality(String),
  consumer_group LowCardinality(String),
  key String,
  value String,
  error String,
  at DateTime64(3, 'UTC')
) ENGINE = MergeTree
ORDER BY (source_topic, at);
