// Alerts for the UI: the recent list and a server-sent event stream of new ones.
import type { FastifyInstance } from 'fastify';
import type { Alert } from '@cur/shared/contracts/index';
import type { Principal } from '../auth/users';
import { requireUser, type ConsoleContext } from '../context';

/** Executors get only the alerts about their own body's incidents; everyone else gets all. */
const isFor = (user: Principal, alert: Alert): boolean =>
  user.role !== 'executor' || (alert.incidentId !== null && alert.data.authority === user.authority);

export function alertRoutes(ctx: ConsoleContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/alerts', async (request) => {
      const user = requireUser(ctx, request);
      return { alerts: ctx.hub.recent().filter((a) => isFor(user, a)).reverse() };
    });

    app.get('/api/alerts/stream', async (request, reply) => {
      const user = requireUser(ctx, request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      raw.write('retry: 5000\n\n');
      const unlisten = ctx.hub.listen((alert) => {
        if (isFor(user, alert)) raw.write(`event: alert\nid: ${alert.alertId}\ndata: ${JSON.stringify(alert)}\n\n`);
      });
      const heartbeat = setInterval(() => raw.write(': ping\n\n'), 25_000);
      heartbeat.unref();
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unlisten();
      });
    });
  };
}
