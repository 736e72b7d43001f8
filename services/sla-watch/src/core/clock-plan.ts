// Which stage clocks an applied event opens, closes and moves, from the transition's triggers and the profile.
import type { AuthorityCode, IncidentEvent, Importance, StageCode } from '@cur/shared/contracts/index';
import type { Transition } from './lifecycle';
import type { RegulationProfile } from './profile';

export interface OpenClock {
  factId: string;
  stage: StageCode;
  authority: AuthorityCode;
  importance: Importance;
  startedAt: Date;
}

export interface ClockToClose {
  clock: OpenClock;
  doneAt: Date;
  /** false: a window that ended without its action (met, no overdue) */
  isJudged: boolean;
  closedBy: string;
}

export interface ClockPlan {
  open: OpenClock[];
  close: ClockToClose[];
  /** clocks that stay open but change authority or importance (importance: recompute the deadline) */
  update: { clock: OpenClock; isImportanceChanged: boolean }[];
}

/** Deterministic fact id: incident + stage (+ co-executor) + the event that opened the clock. */
export const factIdFor = (incidentId: string, stage: StageCode, openingEventId: string, coExecutor?: AuthorityCode): string =>
  coExecutor ? `${incidentId}|${stage}|${coExecutor}|${openingEventId}` : `${incidentId}|${stage}|${openingEventId}`;

export function planClocks(open: readonly OpenClock[], t: Transition, event: IncidentEvent, profile: RegulationProfile): ClockPlan {
  const at = new Date(event.at);
  const plan: ClockPlan = { open: [], close: [], update: [] };
  const staying: OpenClock[] = [];
  for (const current of open) {
    const rule = profile.stages[current.stage];
    // A new responsible body takes over every clock but the co-executors' own ones.
    const clock: OpenClock = {
      ...current,
      authority: t.newAuthority && !rule?.perCoExecutor ? t.newAuthority : current.authority,
      importance: t.newImportance ?? current.importance,
    };
    const fired = rule ? rule.stopsOn.filter((trigger) => t.triggers.includes(trigger)) : [];
    const isOwnContribution = !rule?.perCoExecutor || clock.authority === t.contributor;
    if (t.isClosing || (fired.length > 0 && isOwnContribution)) {
      // A window is judged only by the action it limits (its first stop trigger); anything else ends it unused.
      const isJudged = t.isClosing || !rule || rule.kind === 'duty' || fired.includes(rule.stopsOn[0]!);
      plan.close.push({ clock, doneAt: at, isJudged, closedBy: event.type });
      continue;
    }
    staying.push(clock);
    if (clock.authority !== current.authority || clock.importance !== current.importance) {
      plan.update.push({ clock, isImportanceChanged: clock.importance !== current.importance });
    }
  }
  for (const [stage, rule] of Object.entries(profile.stages) as [StageCode, NonNullable<RegulationProfile['stages'][StageCode]>][]) {
    if (!rule.opensOn.some((trigger) => t.triggers.includes(trigger))) continue;
    if (rule.perCoExecutor) {
      for (const co of t.contributors) {
        if (staying.some((c) => c.stage === stage && c.authority === co)) continue;
        plan.open.push({ factId: factIdFor(event.incidentId, stage, event.eventId, co), stage, authority: co, importance: t.state.importance, startedAt: at });
      }
      continue;
    }
    if (staying.some((c) => c.stage === stage)) continue;
    plan.open.push({
      factId: factIdFor(event.incidentId, stage, event.eventId), stage, authority: t.state.authority ?? 'none',
      importance: t.state.importance, startedAt: at,
    });
  }
  return plan;
}
