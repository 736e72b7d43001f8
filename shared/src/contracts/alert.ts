// alerts: what a person must see now: a deadline about to pass or passed, a critical post, a spike.
import { z } from 'zod';
import { IsoInstant, RegionCode } from './codes';

export const Alert = z.object({
  schemaVersion: z.literal(1),
  alertId: z.string().describe('deterministic, so a replay does not alert twice'),
  kind: z.enum(['deadline_warning', 'deadline_breach', 'critical_post', 'spike']),
  severity: z.enum(['info', 'warning', 'critical']),
  region: RegionCode,
  incidentId: z.string().nullable().default(null),
  stage: z.string().nullable().default(null),
  at: IsoInstant,
  message: z.string().max(5000),
  data: z.record(z.string(), z.unknown()).default({}),
}).strict();
export type Alert = z.infer<typeof Alert>;
