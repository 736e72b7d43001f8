// dead-letter: a message that could not be read or applied, with the reason; nothing is dropped in silence.
import { z } from 'zod';
import { IsoInstant } from './codes';

export const DeadLetter = z.object({
  schemaVersion: z.literal(1),
  sourceTopic: z.string(),
  consumerGroup: z.string(),
  key: z.string().nullable(),
  value: z.string().describe('the original bytes as UTF-8 text (truncated to 512 KiB of JSON-escaped text)'),
  error: z.string(),
  at: IsoInstant,
}).strict();
export type DeadLetter = z.infer<typeof DeadLetter>;
