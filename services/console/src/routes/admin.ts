// Operator views: the outbox of the external feed, the audit log, and the corrections export for the classifier.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireUser, type ConsoleContext } from '../context';
import { readAudit } from '../store/audit';
import { exportCorrections } from '../store/corrections';
import { listOutbox, outboxCounts } from '../store/outbox';
import { parseInput } from './parse';

const OutboxQuery = z.object({ status: z.enum(['pending', 'delivered', 'rejected', 'all']).default('all'), limit: z.coerce.number().int().min(1).max(1000).default(100) }).strict();
const AuditQuery = z.object({ incidentId: z.string().max(400).optional(), userId: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(5000).default(200) }).strict();
const CorrectionsQuery = z.object({ since: z.string().datetime({ offset: true }).default('2000-01-01T00:00:00Z') }).strict();

export function adminRoutes(ctx: ConsoleContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/outbox', async (request) => {
      requireUser(ctx, request, ['admin']);
      const q = parseInput(OutboxQuery, request.query, 'query');
      return { counts: await outboxCounts(ctx.deps.store), entries: await listOutbox(ctx.deps.store, q.status, q.limit) };
    });
    app.get('/api/audit', async (request) => {
      requireUser(ctx, request, ['admin', 'curator']);
      const q = parseInput(AuditQuery, request.query, 'query');
      return { entries: await readAudit(ctx.deps.store, q) };
    });
    app.get('/api/corrections', async (request) => {
      requireUser(ctx, request, ['admin', 'curator', 'analyst']);
      const q = parseInput(CorrectionsQuery, request.query, 'query');
      return { corrections: await exportCorrections(ctx.deps.store, new Date(q.since)) };
    });
  };
}
