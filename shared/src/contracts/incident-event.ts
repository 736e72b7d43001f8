// incident.events: every step of an incident's lifecycle, from the router, the console or an external system.
import { z } from 'zod';
import { AuthorityCode, Importance, IsoInstant, LocationCode, RegionCode, TopicCode } from './codes';

export const IncidentEventType = z.enum([
  'created', 'routed', 'returned', 'rerouted', 'received', 'contribution_submitted',
  'draft_submitted', 'interim_submitted', 'clarification_requested', 'approved', 'rework_requested',
  'published', 'final_published', 'closed', 'outage_started', 'outage_ended', 'importance_changed', 'reclassified',
]);
export type IncidentEventType = z.infer<typeof IncidentEventType>;

export const IncidentEvent = z.object({
  schemaVersion: z.literal(1),
  eventId: z.string().min(1).describe('deterministic where possible, so replays are harmless'),
  incidentId: z.string().min(1),
  region: RegionCode,
  type: IncidentEventType,
  at: IsoInstant,
  actor: z.string().default('system').describe('user id, "router", "external:<system>"'),
  authority: AuthorityCode.nullable().default(null).describe('routed/rerouted: the new responsible body'),
  coExecutors: z.array(AuthorityCode).default([]),
  importance: Importance.nullable().default(null),
  topic: TopicCode.optional().describe('reclassified: the topic a curator corrected it to'),
  location: LocationCode.optional().describe('reclassified: the place a curator corrected it to'),
  reason: z.string().max(5000).nullable().default(null).describe('returned / rework: why'),
  text: z.string().max(50_000).nullable().default(null).describe('draft or answer text'),
}).strict();
export type IncidentEvent = z.infer<typeof IncidentEvent>;
