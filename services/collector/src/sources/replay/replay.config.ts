// Replay of a JSON Lines file (the dev.jsonl format) as if the posts were being collected now.
import { z } from 'zod';
import { commonSourceFields } from '../source.config';

export const ReplaySource = z.object({
  type: z.literal('replay').describe('Publishes each record of a JSON Lines file once (labels are ignored)'),
  ...commonSourceFields,
  file: z.string().min(1).describe('Path of the JSON Lines file'),
  collectedAt: z.enum(['published', 'now']).default('published').describe('published: collectedAt = published_at (a replay of history); now: the clock'),
  maxRecordsPerPoll: z.number().int().positive().default(1000).describe('Records published per poll; the rest follow at once'),
}).strict();
export type ReplaySource = z.infer<typeof ReplaySource>;
