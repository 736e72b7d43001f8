// Fields every source entry shares, and the defaults a sources file can set once for all of them.
import { z } from 'zod';
import { RegionCode } from '@cur/shared/contracts/index';

export const Backfill = z.object({
  hours: z.number().positive().max(24 * 3660).optional().describe('On the first start, read back this many hours (default: defaults.backfill.hours)'),
  maxItems: z.number().int().positive().max(100_000).optional().describe('On the first start, read at most this many posts (default: defaults.backfill.maxItems)'),
}).strict();

export const commonSourceFields = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/, 'letters, digits, _ . - (max 80)')
    .describe('Unique id of the source; it names the stored cursor, so keep it stable'),
  region: RegionCode.optional().describe('Region the posts belong to (default: defaults.region)'),
  pollIntervalSec: z.number().int().min(5).max(86_400).optional().describe('Pause between polls in seconds (default: defaults.pollIntervalSec)'),
  backfill: Backfill.optional().describe('How far back the first start reads'),
  enabled: z.boolean().default(true).describe('false keeps the entry but never polls it'),
};

export const Defaults = z.object({
  region: RegionCode.default('lipetsk').describe('Region of sources that do not name one'),
  pollIntervalSec: z.number().int().min(5).max(86_400).default(300).describe('Poll interval of sources that do not set one'),
  backfill: z.object({
    hours: z.number().positive().max(24 * 3660).default(24).describe('First-start depth in hours'),
    maxItems: z.number().int().positive().max(100_000).default(200).describe('First-start depth in posts per source'),
  }).strict().prefault({}).describe('How far back a source reads on its first start'),
}).strict();
export type Defaults = z.infer<typeof Defaults>;

export interface ResolvedCommon {
  region: z.infer<typeof RegionCode>;
  pollIntervalSec: number;
  backfill: { hours: number; maxItems: number };
}

/** Fills a source's optional common fields from the file's defaults. */
export function resolveCommon(entry: { region?: string | undefined; pollIntervalSec?: number | undefined; backfill?: { hours?: number | undefined; maxItems?: number | undefined } | undefined }, defaults: Defaults): ResolvedCommon {
  return {
    region: (entry.region as ResolvedCommon['region'] | undefined) ?? defaults.region,
    pollIntervalSec: entry.pollIntervalSec ?? defaults.pollIntervalSec,
    backfill: { hours: entry.backfill?.hours ?? defaults.backfill.hours, maxItems: entry.backfill?.maxItems ?? defaults.backfill.maxItems },
  };
}
