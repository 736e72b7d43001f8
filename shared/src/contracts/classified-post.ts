// posts.classified: a raw post with its labels and the evidence behind each of them.
import { z } from 'zod';
import { AbuseCode, AuthorityCode, Importance, IsoInstant, LocationCode, TopicCode } from './codes';
import { Evidence } from './evidence';
import { RawPost } from './raw-post';

export const Classification = z.object({
  topic: TopicCode,
  location: LocationCode,
  importance: Importance,
  abuse: AbuseCode,
  isSpam: z.boolean(),
  needsResponse: z.boolean(),
  repeatOf: z.string().nullable().default(null).describe('uid of the earlier post on the same question'),
  authorities: z.array(AuthorityCode).min(1).describe('responsible first; ["none"] when no answer is due'),
  evidence: z.array(Evidence).default([]),
}).strict();
export type Classification = z.infer<typeof Classification>;

export const ClassifiedPost = z.object({
  schemaVersion: z.literal(1),
  post: RawPost,
  classification: Classification,
  classifiedAt: IsoInstant,
}).strict();
export type ClassifiedPost = z.infer<typeof ClassifiedPost>;
