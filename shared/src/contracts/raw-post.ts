// posts.raw: one normalised post or comment as a collector saw it, the same shape for every platform.
import { z } from 'zod';
import { IsoInstant, Platform, RegionCode, SourceFamily } from './codes';

export const Engagement = z.object({
  likes: z.number().int().nonnegative().default(0),
  reposts: z.number().int().nonnegative().default(0),
  comments: z.number().int().nonnegative().default(0),
  views: z.number().int().nonnegative().default(0),
}).strict();
export type Engagement = z.infer<typeof Engagement>;

export const RawPost = z.object({
  schemaVersion: z.literal(1),
  uid: z.string().min(3).max(300).describe('platform:owner:post[:comment], stable across edits'),
  platform: Platform,
  source: SourceFamily.describe('source family, as in the evaluation records'),
  sourceId: z.string().min(1).max(200).describe('id of the configured source that produced it'),
  region: RegionCode.default('lipetsk'),
  kind: z.enum(['post', 'comment']),
  parentUid: z.string().max(300).nullable().default(null),
  url: z.string().max(2000).describe('link to the original, where the answer is placed'),
  authorId: z.string().max(200),
  authorName: z.string().max(500).nullable().default(null),
  publishedAt: IsoInstant,
  collectedAt: IsoInstant,
  editedAt: IsoInstant.nullable().default(null),
  version: z.number().int().nonnegative().default(0).describe('grows with each edit of the same uid'),
  text: z.string().max(100_000),
  engagement: Engagement.default({ likes: 0, reposts: 0, comments: 0, views: 0 }),
  payload: z.record(z.string(), z.unknown()).nullable().default(null).describe('original record, trimmed'),
}).strict();
export type RawPost = z.infer<typeof RawPost>;
