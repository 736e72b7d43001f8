// Builds the console's HTTP app (fastify) and its background parts; main.ts / console.ts decide where it listens.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import type { ServiceDeps } from '@cur/shared/service';
import { createAlertHub, type AlertHub } from './alerts/alert-hub';
import { createSpikeWatch } from './alerts/spike-watch';
import { createSessionStore, parseCookies, sessionCookie } from './auth/sessions';
import { consoleSessionTable } from './store/sessions';
import { loadUsers, type UserDirectory } from './auth/users';
import { ConsoleConfig, splitOptions, type ConsoleOptions } from './config';
import { createPendingEvents, principalOf, type ConsoleContext } from './context';
import { createRateLimiter } from './core/rate-limit';
import { ApiError, errorStatus, type ApiErrorCode } from './errors';
import { createIncidentFeed, type IncidentFeed } from './feed/incident-feed';
import { createOutboxDispatcher } from './feed/outbox-dispatcher';
import { adminRoutes } from './routes/admin';
import { alertRoutes } from './routes/alerts';
import { analyticsRoutes } from './routes/analytics';
import { incidentRoutes } from './routes/incidents';
import { metaRoutes } from './routes/meta';
import { reportRoutes } from './routes/reports';
import { sessionRoutes } from './routes/session';
import { staticUiRoutes } from './routes/static-ui';
import { createSpeller } from './spelling/speller';
import { createRollupTimer, type RollupTimer } from './store/rollup-timer';

export interface ConsoleApp {
  server: FastifyInstance;
  context: ConsoleContext;
  /** The posts rollup timer (analytics read its per-hour counts). */
  rollup: RollupTimer;
  /** Starts the alert subscription, the feed, the outbox dispatcher, the spike watch, the rollup timer and the dictionary. */
  startBackground(): Promise<void>;
  stopBackground(): Promise<void>;
  counters(): Record<string, number>;
}
export type App = ConsoleApp;

const fastifyCodes: Record<string, ApiErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_VALIDATION: 'BAD_REQUEST',
};

export function buildConsoleApp(deps: ServiceDeps & { config: ConsoleOptions; users?: UserDirectory }): ConsoleApp {
  const { data, hooks } = splitOptions(deps.config);
  const config = ConsoleConfig.parse(data);
  const base: ServiceDeps = { bus: deps.bus, store: deps.store, logger: deps.logger, clock: deps.clock };
  const hub: AlertHub = createAlertHub(base, { webhooks: config.alertWebhooks, webhookKinds: config.alertWebhookKinds });
  const feed: IncidentFeed = createIncidentFeed(base, config.feedEndpoints);
  const ctx: ConsoleContext = {
    deps: base,
    config,
    hooks,
    users: deps.users ?? loadUsers(config, deps.logger),
    sessions: createSessionStore(config.sessionTtlMin * 60_000, 10_000, consoleSessionTable(deps.store)),
    limiter: createRateLimiter(config.rateLimitPerMin),
    speller: createSpeller({ isEnabled: config.spelling }),
    hub,
    spikeWatch: createSpikeWatch(base, config.spikes, config.region),
    dispatcher: createOutboxDispatcher(base, {
      pollMs: config.outboxPollMs, baseDelayMs: config.outboxBaseDelayMs, maxDelayMs: config.outboxMaxDelayMs, timeoutMs: config.outboxTimeoutMs,
    }),
    counters: { requests: 0, actions: 0, corrections: 0, logins: 0, rateLimited: 0 },
    pending: createPendingEvents(),
  };

  const rollup: RollupTimer = createRollupTimer(base, config.rollup);

  const server = Fastify({
    logger: false, bodyLimit: config.bodyLimitBytes, trustProxy: false, forceCloseConnections: true,
    // A malformed or over-long URL never reaches a route: answer in the API's error shape, without echoing the URL.
    frameworkErrors: (error, _request, generic) => {
      const reply = generic as unknown as FastifyReply;
      reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
      const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'слишком длинный параметр в адресе' : 'недопустимый адрес запроса';
      return reply.code(400).send({ error: { code: 'BAD_REQUEST', message } });
    },
  });

  server.addHook('onRequest', async (request, reply) => {
    ctx.counters.requests += 1;
    if (!request.url.startsWith('/api/')) return;
    const user = principalOf(ctx, request);
    const client = user ? `user:${user.id}` : `ip:${request.ip}`;
    const nowMs = deps.clock.now().getTime();
    if (!ctx.limiter.take(client, nowMs)) {
      ctx.counters.rateLimited += 1;
      reply.header('retry-after', String(ctx.limiter.retryAfterSec(client, nowMs)));
      throw new ApiError('RATE_LIMITED', 'слишком много запросов; повторите позже');
    }
  });
  server.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  server.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    if (error instanceof ApiError) {
      return reply.code(error.status).send({ error: { code: error.code, message: error.message } });
    }
    const mapped = error.code ? fastifyCodes[error.code] : undefined;
    if (mapped) return reply.code(errorStatus[mapped]).send({ error: { code: mapped, message: error.message } });
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ error: { code: 'BAD_REQUEST', message: error.message } });
    }
    deps.logger.error({ err: error, event: 'console_request_failed', method: request.method, route: request.routeOptions.url }, 'request failed');
    return reply.code(500).send({ error: { code: 'INTERNAL', message: 'внутренняя ошибка; подробности в журнале' } });
  });
  server.setNotFoundHandler((request, reply) => reply.code(404).send({ error: { code: 'NOT_FOUND', message: `нет ресурса ${request.method} ${request.url.split('?')[0]}` } }));

  const ownHealth = () => ({
    service: 'console',
    counters: counters(),
  });
  server.get('/health', async () => (hooks.healthProvider ? hooks.healthProvider() : ownHealth()));

  // The sessions signed in before a restart (or on another console instance before this one started).
  server.addHook('onReady', async () => {
    const loaded = await ctx.sessions.load(ctx.deps.clock.now().getTime());
    if (loaded > 0) deps.logger.info({ event: 'console.sessions_loaded', sessions: loaded }, 'sessions loaded from the store');
  });
  // A session cookie this instance has not seen lately is read from the shared table first (auth/sessions.ts), so the
  // routes' synchronous requireUser sees sign-ins and sign-outs of the other console instances.
  server.addHook('onRequest', async (request) => {
    const sessionId = request.headers.authorization ? undefined : parseCookies(request.headers.cookie)[sessionCookie];
    if (!sessionId) return;
    try {
      await ctx.sessions.refresh(sessionId, ctx.deps.clock.now().getTime());
    } catch (error) {
      // The store is down: sessions this instance knows keep working (curators are not all signed out by an
      // outage), others are refused until it answers again.
      deps.logger.warn({ err: error, event: 'console.session_check_failed' }, 'session not checked against the store');
    }
  });
  server.register(sessionRoutes(ctx));
  server.register(metaRoutes(ctx));
  server.register(incidentRoutes(ctx));
  server.register(analyticsRoutes(ctx));
  server.register(reportRoutes(ctx));
  server.register(alertRoutes(ctx));
  server.register(adminRoutes(ctx));
  server.register(staticUiRoutes());
  if (hooks.extraRoutes) server.register(async (app) => { await hooks.extraRoutes?.(app); });

  function counters(): Record<string, number> {
    return {
      requests: ctx.counters.requests,
      actions: ctx.counters.actions,
      corrections: ctx.counters.corrections,
      logins: ctx.counters.logins,
      rateLimited: ctx.counters.rateLimited,
      alerts: hub.counters().alerts,
      alertListeners: hub.counters().listeners,
      spikes: ctx.spikeWatch.counters().spikes,
      feedQueued: feed.counters().queued,
      ...Object.fromEntries(Object.entries(ctx.dispatcher.counters()).map(([k, v]) => [`outbox_${k}`, v])),
      rollupRuns: rollup.counters().runs,
      rollupFailures: rollup.counters().failures,
    };
  }

  return {
    server,
    context: ctx,
    rollup,
    async startBackground() {
      ctx.speller.start();
      await hub.start();
      await feed.start();
      ctx.dispatcher.start();
      ctx.spikeWatch.start();
      rollup.start();
    },
    async stopBackground() {
      await rollup.stop();
      await ctx.spikeWatch.stop();
      await feed.stop();
      await hub.stop();
      await ctx.dispatcher.stop();
      await ctx.speller.stop();
    },
    counters,
  };
}
