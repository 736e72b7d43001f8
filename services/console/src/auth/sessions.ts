// Login-form sessions: random ids in an HttpOnly SameSite=Strict cookie, kept in memory (a restart logs everyone out).
import { randomBytes } from 'node:crypto';
import { sha256Hex } from './users';

export const sessionCookie = 'cur_session';

export interface SessionStore {
  create(userId: string, nowMs: number): string;
  userOf(sessionId: string, nowMs: number): string | null;
  destroy(sessionId: string): void;
}

export function createSessionStore(ttlMs: number, maxSessions = 10_000): SessionStore {
  const sessions = new Map<string, { userId: string; expiresAtMs: number }>();
  return {
    create(userId, nowMs) {
      if (sessions.size >= maxSessions) {
        for (const [k, v] of sessions) if (v.expiresAtMs <= nowMs) sessions.delete(k);
        const oldest = sessions.keys().next().value;
        if (sessions.size >= maxSessions && oldest !== undefined) sessions.delete(oldest);
      }
      const id = randomBytes(32).toString('base64url');
      sessions.set(sha256Hex(id), { userId, expiresAtMs: nowMs + ttlMs });
      return id;
    },
    userOf(sessionId, nowMs) {
      const key = sha256Hex(sessionId);
      const s = sessions.get(key);
      if (!s) return null;
      if (s.expiresAtMs <= nowMs) { sessions.delete(key); return null; }
      return s.userId;
    },
    destroy(sessionId) {
      sessions.delete(sha256Hex(sessionId));
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
