// The console_sessions table (migration 302): the durable side of the login-form sessions (auth/sessions.ts).
import type { Store } from '@cur/shared/store/clickhouse';
import type { SessionRow, SessionTable } from '../auth/sessions';
import { toChTime } from './ch-time';

export function consoleSessionTable(store: Store): SessionTable {
  return {
    async load(nowMs) {
      const rows = await store.query<{ session_hash: string; user_id: string; expires_ms: number | string }>(
        `SELECT session_hash, user_id, toUnixTimestamp64Milli(expires_at) AS expires_ms FROM console_sessions FINAL
          WHERE revoked = 0 AND expires_at > {now:DateTime64(3, 'UTC')}`,
        { now: toChTime(new Date(nowMs)) },
      );
      return rows.map((r) => ({ hash: r.session_hash, userId: r.user_id, expiresAtMs: Number(r.expires_ms) }));
    },
    async find(hash, nowMs) {
      const [row] = await store.query<{ user_id: string; expires_ms: number | string; revoked: number }>(
        `SELECT user_id, toUnixTimestamp64Milli(expires_at) AS expires_ms, revoked FROM console_sessions FINAL
          WHERE session_hash = {hash:String}`,
        { hash },
      );
      if (!row || Number(row.revoked) !== 0 || Number(row.expires_ms) <= nowMs) return null;
      return { userId: row.user_id, expiresAtMs: Number(row.expires_ms) };
    },
    async save(row: SessionRow) {
      await store.insert('console_sessions', [{
        session_hash: row.hash, user_id: row.userId, expires_at: new Date(row.expiresAtMs).toISOString(),
        revoked: row.revoked ? 1 : 0, recorded_at: new Date(row.recordedAtMs).toISOString(),
      }]);
    },
  };
}
