-- SLA watcher state beside the core tables: per-incident lifecycle state, warning marks of open clocks,
-- declared outages per region, and the alerts it emitted. All keyed deterministically, so replays do not double.
CREATE TABLE IF NOT EXISTS sla_incident_state (
  incident_id String,
  region LowCardinality(String),
  status LowCardinality(String),
  state String,
  last_event_id String,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY incident_id;

CREATE TABLE IF NOT EXISTS sla_warnings (
  fact_id String,
  region LowCardinality(String),
  warn_at DateTime64(3, 'UTC'),
  warned UInt8,
  recorded_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY fact_id;

CREATE TABLE IF NOT EXISTS sla_outages (
  outage_id String,
  region LowCardinality(String),
  started_at DateTime64(3, 'UTC'),
  ended_at Nullable(DateTime64(3, 'UTC')),
  recorded_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY (region, outage_id);

CREATE TABLE IF NOT EXISTS sla_alerts (
  alert_id String,
  kind LowCardinality(String),
  severity LowCardinality(String),
  region LowCardinality(String),
  incident_id String,
  stage LowCardinality(String),
  at DateTime64(3, 'UTC'),
  message String,
  data String,
  recorded_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY alert_id;
