// Small pure helpers shared by the parsers: building a RawPost, instants, trimming payloads.
import { RawPost, type Platform, type RegionCode, type SourceFamily } from '@cur/shared/contracts/index';
import { sourceError, type SourceError } from './source';
import type { Result } from '@cur/shared/result';
import { err, ok } from '@cur/shared/result';
import type { ZodType } from 'zod';

export interface NormaliseContext {
  sourceId: string;
  region: RegionCode;
  /** ISO instant from the Clock at collection. */
  collectedAt: string;
}

export const unixToIso = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** Cuts long strings and long arrays so a payload stays small. */
export function trimPayload(value: unknown, maxString = 500, maxArray = 10, depth = 0): unknown {
  if (typeof value === 'string') return value.length > maxString ? `${value.slice(0, maxString)}…` : value;
  if (Array.isArray(value)) return value.slice(0, maxArray).map((v) => trimPayload(v, maxString, maxArray, depth + 1));
  if (value && typeof value === 'object') {
    if (depth > 4) return '[nested]';
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null).map(([k, v]) => [k, trimPayload(v, maxString, maxArray, depth + 1)]));
  }
  return value;
}

export interface PostFields {
  uid: string;
  platform: Platform;
  source: SourceFamily;
  kind: 'post' | 'comment';
  parentUid: string | null;
  url: string;
  authorId: string;
  authorName: string | null;
  publishedAt: string;
  editedAt: string | null;
  version: number;
  text: string;
  engagement: { likes: number; reposts: number; comments: number; views: number };
  payload: Record<string, unknown> | null;
}

/** Builds and validates a RawPost; a failure means the platform sent something our mapping cannot hold. */
export function buildRawPost(fields: PostFields, context: NormaliseContext): Result<RawPost, SourceError> {
  const parsed = RawPost.safeParse({
    schemaVersion: 1,
    ...fields,
    sourceId: context.sourceId,
    region: context.region,
    collectedAt: context.collectedAt,
    text: fields.text.slice(0, 100_000),
    payload: fields.payload ? (trimPayload(fields.payload) as Record<string, unknown>) : null,
  });
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  return err(sourceError('SHAPE_CHANGED', `cannot normalise ${fields.uid}: ${issue?.path.join('.')}: ${issue?.message}`));
}

/** Validates a platform response against the recorded shape; the error names the first field that differs. */
export function checkShape<T>(schema: ZodType<T>, body: unknown, what: string): Result<T, SourceError> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.join('.') : '(root)';
  return err(sourceError('SHAPE_CHANGED', `${what}: unexpected shape at ${path}: ${issue?.message ?? 'invalid'}`));
}

/** Collects results, stopping at the first error. */
export function collectAll<T>(results: Array<Result<T, SourceError>>): Result<T[], SourceError> {
  const out: T[] = [];
  for (const r of results) {
    if (!r.ok) return r;
    out.push(r.value);
  }
  return ok(out);
}
