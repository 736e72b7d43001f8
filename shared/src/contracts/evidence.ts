// Why a decision was taken: matched terms, rules and scores, shown to curators.
import { z } from 'zod';

export const Evidence = z.object({
  step: z.string().describe('topic | location | importance | abuse | spam | repeat | route | ...'),
  value: z.string(),
  score: z.number().optional(),
  matched: z.array(z.string()).default([]),
  rule: z.string().optional(),
}).strict();
export type Evidence = z.infer<typeof Evidence>;
