-- Login-form sessions of the console, so that a restart (or a second console instance started later) does not log
-- every curator out. Only a hash of the session id is stored; a sign-out writes a newer row with revoked = 1.
CREATE TABLE IF NOT EXISTS console_sessions (
  session_hash String,
  user_id String,
  expires_at DateTime64(3, 'UTC'),
  revoked UInt8,
  recorded_at DateTime64(3, 'UTC')
) ENGINE = ReplacingMergeTree(recorded_at)
ORDER BY session_hash;
-- No TTL: a TTL runs on the server's clock, not the service's, and the table grows by a row per sign-in/out only.
