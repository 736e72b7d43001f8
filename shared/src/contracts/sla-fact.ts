// sla_facts: one stage clock of one incident, with its deadline and whether it was met.
import { z } from 'zod';
import { AuthorityCode, Importance, IsoInstant, RegionCode } from './codes';

export const StageCode = z.enum([
  'route', 'return', 'reroute', 'draft', 'review', 'rework', 'publish', 'answer', 'final', 'contribution',
]);
export type StageCode = z.infer<typeof StageCode>;

export const SlaFact = z.object({
  schemaVersion: z.literal(1),
  factId: z.string().describe('incident + stage + the event that opened the clock'),
  incidentId: z.string(),
  region: RegionCode,
  authority: AuthorityCode,
  stage: StageCode,
  importance: Importance,
  startedAt: IsoInstant,
  deadlineAt: IsoInstant,
  doneAt: IsoInstant.nullable(),
  status: z.enum(['open', 'met', 'breached']),
  overdueWorkingMinutes: z.number().nonnegative(),
  recordedAt: IsoInstant,
}).strict();
export type SlaFact = z.infer<typeof SlaFact>;
