// incidents: a post that needs an answer, with its responsible authority and co-executors.
import { z } from 'zod';
import { AuthorityCode, Importance, IsoInstant, LocationCode, RegionCode, TopicCode } from './codes';
import { Evidence } from './evidence';

export const Incident = z.object({
  schemaVersion: z.literal(1),
  incidentId: z.string().min(1).describe('deterministic: "inc:" + post uid'),
  postUid: z.string(),
  region: RegionCode,
  topic: TopicCode,
  location: LocationCode,
  importance: Importance,
  authority: AuthorityCode.describe('the responsible body'),
  coExecutors: z.array(AuthorityCode).default([]),
  repeatOfIncidentId: z.string().nullable().default(null),
  detectedAt: IsoInstant.describe('when the post was collected: the clock of route and answer starts here'),
  createdAt: IsoInstant,
  url: z.string(),
  text: z.string().max(100_000),
  source: z.string(),
  authorId: z.string(),
  evidence: z.array(Evidence).default([]),
}).strict();
export type Incident = z.infer<typeof Incident>;

export const incidentIdForPost = (postUid: string): string => `inc:${postUid}`;
