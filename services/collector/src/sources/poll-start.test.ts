import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixedClock } from '@cur/shared/clock';
import { pollStart } from './poll-start';

const Cursor = z.object({ lastId: z.number() });
const common = { region: 'lipetsk' as const, pollIntervalSec: 60, backfill: { hours: 24, maxItems: 100 } };
const ctx = (cursor: unknown) => ({ clock: fixedClock('2026-11-22T10:00:00Z'), cursor, logger: pino({ level: 'silent' }) });

describe('pollStart', () => {
  it('reads the cursor, the instant, the backfill horizon and the normalising context', () => {
    const start = pollStart(Cursor, 'vk-wall', common, ctx({ lastId: 7 }));
    expect(start.cursor).toEqual({ lastId: 7 });
    expect(start.now.toISOString()).toBe('2026-11-22T10:00:00.000Z');
    expect(new Date(start.horizonMs).toISOString()).toBe('2026-11-21T10:00:00.000Z');
    expect(start.nctx).toEqual({ sourceId: 'vk-wall', region: 'lipetsk', collectedAt: '2026-11-22T10:00:00.000Z' });
  });

  it('treats no cursor, or one of another shape (an older version wrote it), as none', () => {
    expect(pollStart(Cursor, 's', common, ctx(null)).cursor).toBeNull();
    expect(pollStart(Cursor, 's', common, ctx({ offset: 'abc' })).cursor).toBeNull();
  });
});
