// posts.rejected: a post not processed further (abuse, spam, a repeat without new arguments), kept for audit.
import { z } from 'zod';
import { IsoInstant } from './codes';
import { Classification } from './classified-post';
import { RawPost } from './raw-post';

export const RejectReason = z.enum(['abuse', 'spam', 'repeat_without_new_arguments']);
export type RejectReason = z.infer<typeof RejectReason>;

export const RejectedPost = z.object({
  schemaVersion: z.literal(1),
  post: RawPost,
  reason: RejectReason,
  detail: z.string().describe('human-readable reason, e.g. the abuse class and matched term'),
  classification: Classification,
  rejectedAt: IsoInstant,
}).strict();
export type RejectedPost = z.infer<typeof RejectedPost>;
