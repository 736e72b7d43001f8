// The incident state machine: which event may follow which, and which clock triggers each event fires.
//
// | event                   | allowed in status                      | next status                          | triggers (→ clocks per profile)             |
// |-------------------------|----------------------------------------|--------------------------------------|---------------------------------------------|
// | created                 | (no incident yet)                      | created                              | detection: opens route, answer, relative draft |
// | routed                  | created                                | routed                               | routing (+ receipt when receipt=on_routing): closes route; opens return window, draft, contributions |
// | received                | routed                                 | received                             | receipt only when receipt=explicit          |
// | returned (reason!)      | routed, received                       | returned                             | return: closes return window (judged), draft; opens reroute |
// | rerouted (authority!)   | returned, routed, received             | routed                               | routing (+ receipt): closes reroute, old draft/window; opens them for the new body |
// | contribution_submitted  | routed … awaiting_final (co-executor!) | unchanged                            | contribution: closes that co-executor's clock |
// | draft_submitted         | routed, received, rework, awaiting_final | in_review (kind draft, or final after an interim) | submission: closes draft, rework, window; opens review |
// | interim_submitted       | routed, received, rework               | in_review (kind interim)             | submission                                  |
// | clarification_requested | routed, received, rework               | in_review (kind clarification)       | submission                                  |
// | approved                | in_review                              | approved                             | approval: closes review (not lipetsk/yelets); opens publish |
// | rework_requested        | in_review                              | rework                               | rework_request: closes review; opens rework |
// | published               | approved                               | answered, or awaiting_final after an interim/clarification | publication (+ interim_publication): closes answer, publish, review (lipetsk/yelets); opens final |
// | final_published         | approved (kind final)                  | answered                             | publication + final_publication: closes final |
// | closed                  | any but closed                         | closed                               | closes every open clock                     |
// | importance_changed      | any but closed                         | unchanged                            | none; open deadlines are recomputed         |
// | reclassified (topic/location!) | any, closed too                 | unchanged                            | none; the incident row shows the correction |
//
// Readings: a clarification request, once published, stops the answer clock and opens the final clock like an
// interim answer (the author is answered; the substantive answer follows). `published` after an approved final
// draft counts as `final_published`. outage_started / outage_ended are region events, not part of an incident.
import { z } from 'zod';
import { AuthorityCode, Importance, LocationCode, RegionCode, TopicCode, type IncidentEvent, type IncidentEventType } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import type { RegulationProfile, Trigger } from './profile';

export const IncidentStatus = z.enum([
  'created', 'routed', 'received', 'returned', 'in_review', 'rework', 'approved', 'awaiting_final', 'answered', 'closed',
]);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

export const SubmissionKind = z.enum(['draft', 'interim', 'clarification', 'final']);
export type SubmissionKind = z.infer<typeof SubmissionKind>;

/** What the watcher keeps per incident between events (stored as JSON). */
export const IncidentState = z.object({
  incidentId: z.string(),
  region: RegionCode,
  status: IncidentStatus,
  authority: AuthorityCode.nullable(),
  coExecutors: z.array(AuthorityCode),
  importance: Importance,
  detectedAt: z.string().describe('the created event time: route and answer clocks start here'),
  submission: SubmissionKind.nullable().describe('what is under review or approved'),
  isAwaitingFinal: z.boolean().describe('an interim answer or clarification was published: the next draft is the final one'),
  lastEventId: z.string(),
  // A curator's correction of the classifier (absent in states stored before corrections were events): the
  // incident row shows these instead of the router's.
  topic: TopicCode.nullable().default(null),
  location: LocationCode.nullable().default(null),
}).strict();
export type IncidentState = z.infer<typeof IncidentState>;

export type LifecycleErrorCode =
  | 'ILLEGAL_TRANSITION' | 'UNKNOWN_INCIDENT' | 'ALREADY_CREATED' | 'MISSING_AUTHORITY' | 'MISSING_REASON'
  | 'NOT_A_CO_EXECUTOR' | 'REGION_MISMATCH' | 'NOT_AN_INCIDENT_EVENT';
export interface LifecycleError { code: LifecycleErrorCode; retriable: false; message: string }

export interface Transition {
  state: IncidentState;
  triggers: Trigger[];
  /** co-executors whose contribution clocks open now (on receipt) */
  contributors: AuthorityCode[];
  /** the co-executor whose contribution this event delivers */
  contributor: AuthorityCode | null;
  /** `closed`: every open clock stops */
  isClosing: boolean;
  /** a new responsible body: open clocks move to it */
  newAuthority: AuthorityCode | null;
  /** importance changed: open deadlines must be recomputed */
  newImportance: Importance | null;
}

const active: IncidentStatus[] = ['created', 'routed', 'received', 'returned', 'in_review', 'rework', 'approved', 'awaiting_final', 'answered'];

/** Which statuses each incident event may arrive in (the console answers 409 outside them). */
export const allowedFrom: Record<Exclude<IncidentEventType, 'outage_started' | 'outage_ended'>, readonly (IncidentStatus | null)[]> = {
  created: [null],
  routed: ['created'],
  received: ['routed'],
  returned: ['routed', 'received'],
  rerouted: ['returned', 'routed', 'received'],
  contribution_submitted: ['routed', 'received', 'returned', 'in_review', 'rework', 'approved', 'awaiting_final'],
  draft_submitted: ['routed', 'received', 'rework', 'awaiting_final'],
  interim_submitted: ['routed', 'received', 'rework'],
  clarification_requested: ['routed', 'received', 'rework'],
  approved: ['in_review'],
  rework_requested: ['in_review'],
  published: ['approved'],
  final_published: ['approved'],
  closed: active,
  importance_changed: active,
  reclassified: [...active, 'closed'],
};

export const isRegionEvent = (type: IncidentEventType): type is 'outage_started' | 'outage_ended' =>
  type === 'outage_started' || type === 'outage_ended';

/** True when `type` may be applied to an incident in `status` (null = no incident yet). */
export function canApply(status: IncidentStatus | null, type: IncidentEventType): boolean {
  if (isRegionEvent(type)) return true;
  return allowedFrom[type].includes(status);
}

const fail = (code: LifecycleErrorCode, message: string): { ok: false; error: LifecycleError } => err({ code, retriable: false, message });

/** Applies one event to an incident's state: the next state and the clock triggers, or why it is illegal. */
export function applyEvent(state: IncidentState | null, event: IncidentEvent, profile: RegulationProfile): Result<Transition, LifecycleError> {
  const { type } = event;
  if (isRegionEvent(type)) return fail('NOT_AN_INCIDENT_EVENT', `${type} is a region event, not an incident transition`);
  if (state && state.region !== event.region) {
    return fail('REGION_MISMATCH', `event ${event.eventId} says region ${event.region}, incident ${state.incidentId} is in ${state.region}`);
  }
  if (!canApply(state?.status ?? null, type)) {
    if (!state) return fail('UNKNOWN_INCIDENT', `${type} for incident ${event.incidentId}, which was never created`);
    if (type === 'created') return fail('ALREADY_CREATED', `incident ${event.incidentId} already exists (event ${event.eventId})`);
    const allowed = allowedFrom[type].filter((s) => s !== null).join(', ');
    return fail('ILLEGAL_TRANSITION', `${type} is not allowed when incident ${event.incidentId} is ${state.status} (allowed in: ${allowed})`);
  }
  const receiptOnRouting = profile.receipt === 'on_routing';
  const base: Transition = {
    state: state ?? {
      incidentId: event.incidentId, region: event.region, status: 'created', authority: event.authority,
      coExecutors: event.coExecutors, importance: event.importance ?? 'normal', detectedAt: event.at,
      submission: null, isAwaitingFinal: false, lastEventId: event.eventId, topic: null, location: null,
    },
    triggers: [], contributors: [], contributor: null, isClosing: false, newAuthority: null, newImportance: null,
  };
  const next = (patch: Partial<IncidentState>, more: Partial<Transition> = {}): Result<Transition, LifecycleError> =>
    ok({ ...base, ...more, state: { ...base.state, ...patch, lastEventId: event.eventId } });
  const s = base.state;

  switch (type) {
    case 'created':
      return next({}, { triggers: ['detection'] });
    case 'routed':
    case 'rerouted': {
      if (!event.authority || event.authority === 'none') return fail('MISSING_AUTHORITY', `${type} needs the responsible authority`);
      const coExecutors = event.coExecutors.filter((c) => c !== event.authority);
      return next(
        { status: 'routed', authority: event.authority, coExecutors },
        {
          triggers: receiptOnRouting ? ['routing', 'receipt'] : ['routing'],
          contributors: receiptOnRouting ? coExecutors : [],
          newAuthority: event.authority,
        },
      );
    }
    case 'received':
      return next({ status: 'received' }, receiptOnRouting ? {} : { triggers: ['receipt'], contributors: s.coExecutors });
    case 'returned':
      if (!event.reason || event.reason.trim().length === 0) return fail('MISSING_REASON', 'returned needs the reason (why it is outside the body\'s competence)');
      return next({ status: 'returned' }, { triggers: ['return'] });
    case 'contribution_submitted': {
      const who = event.authority;
      if (!who || !s.coExecutors.includes(who)) {
        return fail('NOT_A_CO_EXECUTOR', `contribution_submitted by ${who ?? '(no authority)'}, not a co-executor of ${s.incidentId} (${s.coExecutors.join(', ') || 'none'})`);
      }
      return next({}, { triggers: ['contribution'], contributor: who });
    }
    case 'draft_submitted':
      return next({ status: 'in_review', submission: s.isAwaitingFinal ? 'final' : 'draft' }, { triggers: ['submission'] });
    case 'interim_submitted':
      return next({ status: 'in_review', submission: 'interim' }, { triggers: ['submission'] });
    case 'clarification_requested':
      return next({ status: 'in_review', submission: 'clarification' }, { triggers: ['submission'] });
    case 'approved':
      return next({ status: 'approved' }, { triggers: ['approval'] });
    case 'rework_requested':
      return next({ status: 'rework' }, { triggers: ['rework_request'] });
    case 'published':
    case 'final_published': {
      const kind = s.submission ?? 'draft';
      if (type === 'final_published' && kind !== 'final') {
        return fail('ILLEGAL_TRANSITION', `final_published needs an approved final answer after an interim one; incident ${s.incidentId} has an approved ${kind}`);
      }
      if (kind === 'interim' || kind === 'clarification') {
        return next({ status: 'awaiting_final', submission: null, isAwaitingFinal: true }, { triggers: ['publication', 'interim_publication'] });
      }
      const triggers: Trigger[] = kind === 'final' ? ['publication', 'final_publication'] : ['publication'];
      return next({ status: 'answered', submission: null, isAwaitingFinal: false }, { triggers });
    }
    case 'closed':
      return next({ status: 'closed' }, { isClosing: true });
    case 'importance_changed': {
      if (!event.importance) return fail('ILLEGAL_TRANSITION', 'importance_changed needs the new importance');
      return next({ importance: event.importance }, { newImportance: event.importance });
    }
    case 'reclassified': {
      if (!event.topic && !event.location) return fail('ILLEGAL_TRANSITION', 'reclassified needs the corrected topic or location');
      return next({ topic: event.topic ?? s.topic, location: event.location ?? s.location });
    }
    default: {
      const unreachable: never = type;
      return fail('ILLEGAL_TRANSITION', `unknown event type ${String(unreachable)}`);
    }
  }
}

/** Replays a whole event history; stops at the first illegal event. */
export function foldEvents(events: readonly IncidentEvent[], profile: RegulationProfile): Result<IncidentState | null, LifecycleError & { eventId: string }> {
  let state: IncidentState | null = null;
  for (const event of events) {
    if (isRegionEvent(event.type)) continue;
    const t = applyEvent(state, event, profile);
    if (!t.ok) return err({ ...t.error, eventId: event.eventId });
    state = t.value.state;
  }
  return ok(state);
}
