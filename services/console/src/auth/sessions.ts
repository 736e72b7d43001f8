// Login-form sessions: random ids in an HttpOnly SameSite=Strict cookie. Looked up in memory on every request;
// with a durable table (store/sessions.ts) every change is also written there and the live sessions are loaded at
// start, so a restart does not log everyone out. Several console instances share the table: before a request is
// authorised, a session this instance has not seen, or has not checked for `revalidateMs`, is read from the table
// (refresh), so a sign-in on one instance works on the others and a sign-out there ends it here within that time.
// Only a hash of the id is kept, in memory and in the table.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './users';

export const sessionCookie = 'cur_session';

export interface SessionRow { hash: string; userId: string; expiresAtMs: number; revoked: boolean; recordedAtMs: number }

export interface SessionTable {
  /** The sessions neither expired at nowMs nor revoked. */
  load(nowMs: number): Promise<{ hash: string; userId: string; expiresAtMs: number }[]>;
  /** One session by its hash when it is neither expired at nowMs nor revoked, else null. */
  find(hash: string, nowMs: number): Promise<{ userId: string; expiresAtMs: number } | null>;
  save(row: SessionRow): Promise<void>;
}

export interface SessionStore {
  create(userId: string, nowMs: number): string;
  userOf(sessionId: string, nowMs: number): string | null;
  /** Reads the session from the durable table unless this instance checked it within revalidateMs (before userOf);
   * rejects when the table cannot be read, leaving what this instance knows as it was. */
  refresh(sessionId: string, nowMs: number): Promise<void>;
  destroy(sessionId: string, nowMs?: number): void;
  /** Drops the session from this instance's memory only (a sign-in whose row could not be written). */
  forget(sessionId: string): void;
  /** Loads the live sessions of the durable table (at start); returns how many. */
  load(nowMs: number): Promise<number>;
  /** Settles when every change so far is written to the durable table; rejects with the first failed write. */
  saved(): Promise<void>;
}

export function createSessionStore(ttlMs: number, maxSessions = 10_000, table?: SessionTable, revalidateMs = 30_000): SessionStore {
  /** hash → the session; checkedAtMs: when this instance last knew it to be live (created, loaded or read). */
  const sessions = new Map<string, { userId: string; expiresAtMs: number; checkedAtMs: number }>();
  /** Hashes the table did not know when last asked, and when: a cookie nobody signed in with costs one read per revalidateMs. */
  const unknown = new Map<string, number>();
  let writes: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const persist = (row: SessionRow): void => {
    if (!table) return;
    // In order, one at a time: a sign-out's row is written after its sign-in's.
    writes = writes.then(() => table.save(row)).catch((error: unknown) => { failure ??= error; });
  };
  const remember = (hash: string, session: { userId: string; expiresAtMs: number; checkedAtMs: number }, nowMs: number): void => {
    if (sessions.size >= maxSessions && !sessions.has(hash)) {
      for (const [k, v] of sessions) if (v.expiresAtMs <= nowMs) sessions.delete(k);
      const oldest = sessions.keys().next().value;
      if (sessions.size >= maxSessions && oldest !== undefined) sessions.delete(oldest);
    }
    sessions.set(hash, session);
    unknown.delete(hash);
  };
  return {
    create(userId, nowMs) {
      const id = randomBytes(32).toString('base64url');
      const hash = sha256Hex(id);
      const session = { userId, expiresAtMs: nowMs + ttlMs };
      remember(hash, { ...session, checkedAtMs: nowMs }, nowMs);
      persist({ hash, ...session, revoked: false, recordedAtMs: nowMs });
      return id;
    },
    userOf(sessionId, nowMs) {
      const key = sha256Hex(sessionId);
      const s = sessions.get(key);
      if (!s) return null;
      if (s.expiresAtMs <= nowMs) { sessions.delete(key); return null; }
      return s.userId;
    },
    async refresh(sessionId, nowMs) {
      if (!table) return;
      const hash = sha256Hex(sessionId);
      const known = sessions.get(hash);
      if (known && nowMs - known.checkedAtMs < revalidateMs) return;
      const missedAt = unknown.get(hash);
      if (!known && missedAt !== undefined && nowMs - missedAt < revalidateMs) return;
      const found = await table.find(hash, nowMs);
      if (found) {
        remember(hash, { ...found, checkedAtMs: nowMs }, nowMs);
        return;
      }
      sessions.delete(hash); // signed out (or expired) on another instance
      if (unknown.size >= 1_000) unknown.delete(unknown.keys().next().value as string);
      unknown.set(hash, nowMs);
    },
    destroy(sessionId, nowMs = Date.now()) {
      const hash = sha256Hex(sessionId);
      const session = sessions.get(hash);
      sessions.delete(hash);
      // recorded_at one ms after the newest possible sign-in row of the same session, so the revocation wins.
      persist({ hash, userId: session?.userId ?? '', expiresAtMs: session?.expiresAtMs ?? nowMs, revoked: true, recordedAtMs: nowMs + 1 });
    },
    forget(sessionId) {
      sessions.delete(sha256Hex(sessionId));
    },
    async load(nowMs) {
      if (!table) return 0;
      const rows = await table.load(nowMs);
      for (const row of rows) if (!sessions.has(row.hash)) remember(row.hash, { userId: row.userId, expiresAtMs: row.expiresAtMs, checkedAtMs: nowMs }, nowMs);
      return rows.length;
    },
    async saved() {
      await writes;
      if (failure !== null) {
        const error = failure;
        failure = null;
        throw error;
      }
    },
  };
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    try { out[name] = decodeURIComponent(part.slice(i + 1).trim()); } catch { /* a malformed cookie is ignored */ }
  }
  return out;
}
