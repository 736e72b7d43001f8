// Analytics: volume dynamics, top topics and places, a table by municipality, spikes (stored and live).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { LocationCode, RegionCode, TopicCode } from '@cur/shared/contracts/index';
import { findSpikes } from '../alerts/spike-watch';
import { requireUser, type ConsoleContext } from '../context';
import { Bucket, bucketMs, Dimension, maxBuckets } from '../core/analytics-dims';
import { apiError } from '../errors';
import { crossTable, top, volume, type PostScope } from '../store/analytics';
import { listSpikes } from '../store/spikes';
import { parseInput } from './parse';

const readers = ['admin', 'curator', 'analyst'] as const;
const instant = z.string().datetime({ offset: true });

const Scope = z.object({
  from: instant.optional(),
  to: instant.optional(),
  status: z.enum(['classified', 'rejected', 'all']).default('classified'),
  region: RegionCode.optional(),
  topic: TopicCode.optional(),
  location: LocationCode.optional(),
});

const VolumeQuery = Scope.extend({ bucket: z.enum(Bucket).default('hour'), by: z.enum(Dimension).default('topic') }).strict();
const TopQuery = Scope.extend({ by: z.enum(Dimension).default('topic'), limit: z.coerce.number().int().min(1).max(100).default(10) }).strict();
const TableQuery = Scope.extend({ rows: z.enum(Dimension).default('location'), columns: z.enum(Dimension).default('topic') }).strict();
const SpikesQuery = z.object({ from: instant.optional(), to: instant.optional(), live: z.enum(['true', 'false']).default('false') }).strict();

function scopeOf(ctx: ConsoleContext, q: z.infer<typeof Scope>, defaultDays: number): PostScope {
  const to = q.to ? new Date(q.to) : ctx.deps.clock.now();
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - defaultDays * 86_400_000);
  if (from.getTime() >= to.getTime()) throw apiError('BAD_REQUEST', 'query.from: должно быть раньше to');
  return { from, to, status: q.status, region: q.region, topic: q.topic, location: q.location };
}

export function analyticsRoutes(ctx: ConsoleContext) {
  return async (app: FastifyInstance): Promise<void> => {
    app.get('/api/analytics/volume', async (request) => {
      requireUser(ctx, request, readers);
      const q = parseInput(VolumeQuery, request.query, 'query');
      const scope = scopeOf(ctx, q, 7);
      if ((scope.to.getTime() - scope.from.getTime()) / bucketMs[q.bucket] > maxBuckets) {
        throw apiError('BAD_REQUEST', `query.bucket: больше ${maxBuckets} интервалов; выберите интервал крупнее или период короче`);
      }
      const points = await volume(ctx.deps.store, scope, q.bucket, q.by, ctx.config.timeZone);
      return { from: scope.from.toISOString(), to: scope.to.toISOString(), bucket: q.bucket, by: q.by, timeZone: ctx.config.timeZone, points };
    });

    app.get('/api/analytics/top', async (request) => {
      requireUser(ctx, request, readers);
      const q = parseInput(TopQuery, request.query, 'query');
      const scope = scopeOf(ctx, q, 7);
      return { from: scope.from.toISOString(), to: scope.to.toISOString(), by: q.by, rows: await top(ctx.deps.store, scope, q.by, q.limit) };
    });

    app.get('/api/analytics/table', async (request) => {
      requireUser(ctx, request, readers);
      const q = parseInput(TableQuery, request.query, 'query');
      const scope = scopeOf(ctx, q, 7);
      return { from: scope.from.toISOString(), to: scope.to.toISOString(), rows: q.rows, columns: q.columns, cells: await crossTable(ctx.deps.store, scope, q.rows, q.columns) };
    });

    app.get('/api/analytics/spikes', async (request) => {
      requireUser(ctx, request, readers);
      const q = parseInput(SpikesQuery, request.query, 'query');
      const now = ctx.deps.clock.now();
      const to = q.to ? new Date(q.to) : now;
      const from = q.from ? new Date(q.from) : new Date(to.getTime() - 7 * 86_400_000);
      const stored = await listSpikes(ctx.deps.store, from, to, 500);
      const live = q.live === 'true' ? await findSpikes(ctx.deps, ctx.config.spikes, to, ctx.config.region) : [];
      return { from: from.toISOString(), to: to.toISOString(), spikes: stored, live };
    });
  };
}
