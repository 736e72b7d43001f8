// What every poll starts from, whatever the platform: the source's own cursor, the instant of the poll, the
// backfill horizon for a source without a cursor, and the context its posts are normalised with.
import type { ZodType } from 'zod';
import type { NormaliseContext } from './normalise';
import type { PollContext } from './source';
import type { ResolvedCommon } from './source.config';

export interface PollStart<C> {
  /** null without a cursor, or with one of another shape (written by an older version): start from the horizon. */
  cursor: C | null;
  now: Date;
  /** The oldest instant a source without a cursor collects (common.backfill.hours back). */
  horizonMs: number;
  nctx: NormaliseContext;
}

export function pollStart<C>(cursorSchema: ZodType<C>, sourceId: string, common: ResolvedCommon, ctx: PollContext): PollStart<C> {
  const parsed = cursorSchema.safeParse(ctx.cursor);
  const now = ctx.clock.now();
  return {
    cursor: parsed.success ? parsed.data : null,
    now,
    horizonMs: now.getTime() - common.backfill.hours * 3600_000,
    nctx: { sourceId, region: common.region, collectedAt: now.toISOString() },
  };
}
