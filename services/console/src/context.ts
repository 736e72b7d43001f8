// Everything a route module may use, built once per app: deps, config, users, sessions, speller, alert hub, counters.
import type { FastifyRequest } from 'fastify';
import type { IncidentEvent } from '@cur/shared/contracts/index';
import type { ServiceDeps } from '@cur/shared/service';
import type { AlertHub } from './alerts/alert-hub';
import type { SpikeWatch } from './alerts/spike-watch';
import type { Principal, UserDirectory } from './auth/users';
import { parseCookies, sessionCookie, type SessionStore } from './auth/sessions';
import type { ConsoleConfig, ConsoleHooks, ConsoleRole } from './config';
import type { RateLimiter } from './core/rate-limit';
import { apiError } from './errors';
import type { OutboxDispatcher } from './feed/outbox-dispatcher';
import type { Speller } from './spelling/speller';

export interface ConsoleCounters {
  requests: number;
  actions: number;
  corrections: number;
  logins: number;
  rateLimited: number;
}

/** Events this console published that the watcher has not written to incident_events yet. */
export interface PendingEvents {
  add(event: IncidentEvent, nowMs: number): void;
  of(incidentId: string, nowMs: number): IncidentEvent[];
}

export interface ConsoleContext {
  deps: ServiceDeps;
  config: ConsoleConfig;
  hooks: ConsoleHooks;
  users: UserDirectory;
  sessions: SessionStore;
  limiter: RateLimiter;
  speller: Speller;
  hub: AlertHub;
  spikeWatch: SpikeWatch;
  dispatcher: OutboxDispatcher;
  counters: ConsoleCounters;
  pending: PendingEvents;
}

export function createPendingEvents(ttlMs = 15 * 60_000): PendingEvents {
  const byIncident = new Map<string, { event: IncidentEvent; atMs: number }[]>();
  return {
    add(event, nowMs) {
      const list = (byIncident.get(event.incidentId) ?? []).filter((e) => nowMs - e.atMs < ttlMs && e.event.eventId !== event.eventId);
      list.push({ event, atMs: nowMs });
      byIncident.set(event.incidentId, list);
      if (byIncident.size > 5000) {
        const oldest = byIncident.keys().next().value;
        if (oldest !== undefined) byIncident.delete(oldest);
      }
    },
    of(incidentId, nowMs) {
      return (byIncident.get(incidentId) ?? []).filter((e) => nowMs - e.atMs < ttlMs).map((e) => e.event);
    },
  };
}

/** Who is calling: a bearer token or the session cookie; null when neither is valid. */
export function principalOf(ctx: ConsoleContext, request: FastifyRequest): Principal | null {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    return match?.[1] ? ctx.users.byToken(match[1]) : null;
  }
  const sessionId = parseCookies(request.headers.cookie)[sessionCookie];
  if (!sessionId) return null;
  const userId = ctx.sessions.userOf(sessionId, ctx.deps.clock.now().getTime());
  return userId ? ctx.users.byId(userId) : null;
}

/** The caller, who must be signed in and have one of the roles; throws 401/403 as an ApiError. */
export function requireUser(ctx: ConsoleContext, request: FastifyRequest, roles?: readonly ConsoleRole[]): Principal {
  const user = principalOf(ctx, request);
  if (!user) throw apiError('UNAUTHENTICATED', 'нужен вход: токен Bearer или сессия');
  if (roles && !roles.includes(user.role)) throw apiError('FORBIDDEN', `недоступно для роли ${user.role}`);
  return user;
}

export const clientOf = (request: FastifyRequest): string => request.ip;
