// What the router emits for one classified post: the incident, its created/routed events and a critical alert.
import {
  incidentIdForPost, type Alert, type AuthorityCode, type ClassifiedPost, type Evidence, type Incident, type IncidentEvent,
} from '@cur/shared/contracts/index';
import { routeWith } from './route';
import type { CompiledRules } from './rules';

export interface Assignment {
  authority: AuthorityCode;
  coExecutors: AuthorityCode[];
  evidence: Evidence[];
}

/** An earlier incident a repeated post joins. */
export interface EarlierIncident {
  incidentId: string;
  authority: AuthorityCode;
  coExecutors: AuthorityCode[];
}

export interface IncidentPlan {
  incident: Incident;
  events: IncidentEvent[];
  alert: Alert | null;
}

/**
 * Who answers a post, or null when no answer is due. The router routes by its own rules; when they find no
 * authority, the classifier's list is kept. A repeat joins the authority of the earlier incident.
 */
export function assign(post: ClassifiedPost, rules: CompiledRules, earlier: EarlierIncident | null): Assignment | null {
  const c = post.classification;
  if (!c.needsResponse) return null;
  if (earlier) {
    return {
      authority: earlier.authority,
      coExecutors: earlier.coExecutors.filter((a) => a !== earlier.authority),
      evidence: [{ step: 'route', value: earlier.authority, matched: [earlier.incidentId], rule: 'repeat:joins_earlier_incident' }],
    };
  }
  const decision = routeWith(
    { text: post.post.text, topic: c.topic, location: c.location, importance: c.importance, abuse: c.abuse, isSpam: c.isSpam },
    rules,
  );
  const ours = decision.authorities.filter((a) => a !== 'none');
  const theirs = c.authorities.filter((a) => a !== 'none');
  const list = ours.length > 0 ? ours : theirs;
  const [authority, ...coExecutors] = list;
  if (!authority) return null;
  const evidence = ours.length > 0 ? decision.evidence : [{ step: 'route', value: authority, matched: [], rule: 'classifier_authorities' }];
  return { authority, coExecutors, evidence };
}

export const eventIdFor = (incidentId: string, type: 'created' | 'routed'): string => `${incidentId}:${type}`;
export const criticalAlertIdFor = (incidentId: string): string => `critical_post:${incidentId}`;

/** The router usually decides as the classifier suggested: its route evidence would then say the same thing twice. */
function withoutRepeats(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    // Every field, told apart by separators no term contains (a JSON text of each entry cost more than the rest).
    const key = `${e.step}\u0000${e.value}\u0000${e.score ?? '\u0002'}\u0000${e.rule ?? '\u0002'}\u0000${e.matched.join('\u0001')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Builds the messages for an assigned post; ids are deterministic so a replay repeats them exactly. */
export function planIncident(
  post: ClassifiedPost, assignment: Assignment, routedAt: Date,
  options: { repeatOfIncidentId: string | null; alertOnCritical: boolean },
): IncidentPlan {
  const p = post.post;
  const c = post.classification;
  const incidentId = incidentIdForPost(p.uid);
  const at = routedAt.toISOString();
  const incident: Incident = {
    schemaVersion: 1,
    incidentId,
    postUid: p.uid,
    region: p.region,
    topic: c.topic,
    location: c.location,
    importance: c.importance,
    authority: assignment.authority,
    coExecutors: assignment.coExecutors,
    repeatOfIncidentId: options.repeatOfIncidentId,
    detectedAt: p.collectedAt,
    createdAt: at,
    url: p.url,
    text: p.text,
    source: p.source,
    authorId: p.authorId,
    evidence: withoutRepeats([...c.evidence, ...assignment.evidence]),
  };
  const base = { schemaVersion: 1 as const, incidentId, region: p.region, actor: 'router', importance: c.importance, reason: null, text: null };
  const events: IncidentEvent[] = [
    { ...base, eventId: eventIdFor(incidentId, 'created'), type: 'created', at: p.collectedAt, authority: null, coExecutors: [] },
    { ...base, eventId: eventIdFor(incidentId, 'routed'), type: 'routed', at, authority: assignment.authority, coExecutors: assignment.coExecutors },
  ];
  const alert: Alert | null = options.alertOnCritical && c.importance === 'critical'
    ? {
      schemaVersion: 1,
      alertId: criticalAlertIdFor(incidentId),
      kind: 'critical_post',
      severity: 'critical',
      region: p.region,
      incidentId,
      stage: null,
      at,
      message: `Критическое сообщение (${c.topic}, ${c.location}) → ${assignment.authority}: ${p.text.slice(0, 400)}`,
      data: { postUid: p.uid, url: p.url, topic: c.topic, location: c.location, authority: assignment.authority, coExecutors: assignment.coExecutors },
    }
    : null;
  return { incident, events, alert };
}
