-- Console tables: audit log, curator corrections (classifier feedback), the durable outbox of the external feed, spikes.
CREATE TABLE IF NOT EXISTS console_audit (
  audit_id String,
  at DateTime64(3, 'UTC'),
  user_id String,
  role LowCardinality(String),
  action LowCardinality(String),
  incident_id String,
  event_id String,
  detail String,
  client String
) ENGINE = ReplacingMergeTree
ORDER BY (at, audit_id);

CREATE TABLE IF NOT EXISTS console_corrections (
  correction_id String,
  incident_id String,
  post_uid String,
  field LowCardinality(String),
  old_value String,
  new_value String,
  comment String,
  user_id String,
  at DateTime64(3, 'UTC'),
  text String
) ENGINE = ReplacingMergeTree
ORDER BY (incident_id, field, correction_id);

CREATE TABLE IF NOT EXISTS console_outbox (
  entry_id String,
  endpoint String,
  kind LowCardinality(String),
  idempotency_key String,
  payload String,
  created_at DateTime64(3, 'UTC'),
  status LowCardinality(String),
  attempts UInt32,
  next_attempt_at DateTime64(3, 'UTC'),
  last_error String,
  updated_at DateTime64(3, 'UTC'),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY entry_id;

CREATE TABLE IF NOT EXISTS console_spikes (
  spike_id String,
  region LowCardinality(String),
  topic LowCardinality(String),
  location LowCardinality(String),
  window_start DateTime64(3, 'UTC'),
  window_end DateTime64(3, 'UTC'),
  started_at DateTime64(3, 'UTC'),
  count UInt32,
  baseline Float64,
  ratio Float64,
  z_score Float64,
  severity LowCardinality(String),
  summary String,
  post_uids Array(String),
  detected_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(detected_at)
ORDER BY spike_id;
