// The watcher's pure steps: one incident event applied to what the watcher knows of the incident (lifecycle state
// and running clocks), an outage moving a region's clocks, and the timer's verdict on a due clock. Each returns the
// rows to write and the alerts to send; the shell does the I/O once per batch.
import {
  Alert, type IncidentEvent, type RegionCode, type SlaFact, type StageCode,
} from '@cur/shared/contracts/index';
import { ok, type Result } from '@cur/shared/result';
import { planClocks, type OpenClock } from './clock-plan';
import { deadlineFor, overdueMinutes, warningFor, type DeadlineError } from './deadline';
import { applyEvent, type IncidentState, type LifecycleError } from './lifecycle';
import type { RegulationProfile } from './profile';
import { formatInZone, type WorkingCalendar } from './working-time';

/** A fact as stored, with the warning mark of a running clock when it was read with one. */
export interface StoredFact extends SlaFact {
  /** the warning instant (null: the clock has no warning, e.g. a window); undefined: not read */
  warnAt?: Date | null;
  isWarned?: boolean;
}

export interface WarningMark { factId: string; region: RegionCode; warnAt: Date; isWarned: boolean; recordedAt: Date }

/** What the watcher knows of one incident between its events. */
export interface IncidentMemory {
  incidentId: string;
  /** null: no event of it applied yet */
  state: IncidentState | null;
  /** version of the stored state row */
  version: number;
  /** running clocks: open, or breached and not done yet, with their warning marks */
  open: StoredFact[];
}

export interface StepContext {
  profile: RegulationProfile;
  /** the region's calendar with its outages */
  calendar: WorkingCalendar;
  now: Date;
  warningShare: number;
}

export interface StepOutput {
  memory: IncidentMemory;
  /** new fact versions, in order (a later version of the same fact supersedes an earlier one) */
  facts: SlaFact[];
  marks: WarningMark[];
  alerts: Alert[];
  opened: number;
  closed: number;
  /** clocks that could not be given a deadline (logged, not opened) */
  deadlineErrors: { stage: StageCode; error: DeadlineError }[];
}

const stageNames: Record<StageCode, string> = {
  route: 'направление исполнителю', return: 'возврат не по компетенции', reroute: 'перенаправление',
  draft: 'подготовка проекта ответа', review: 'проверка куратором', rework: 'доработка', publish: 'публикация',
  answer: 'ответ', final: 'окончательный ответ', contribution: 'вклад соисполнителя',
};

/** A recorded-at strictly after the previous version's (ReplacingMergeTree keeps the newest), and not before now. */
export const recordedAfter = (now: Date, previous?: string): string =>
  new Date(Math.max(now.getTime(), previous ? new Date(previous).getTime() + 1 : 0)).toISOString();

export const toOpenClock = (f: SlaFact): OpenClock => ({
  factId: f.factId, stage: f.stage, authority: f.authority, importance: f.importance, startedAt: new Date(f.startedAt),
});

/** Is this fact version a clock still running (open, or breached and not done)? */
export const isRunning = (f: SlaFact): boolean => f.doneAt === null && f.status !== 'met';

/** What a fact version says beyond its clock: whose it is, and how it ended (absent: still open). */
export interface FactOutcome {
  incidentId: string;
  doneAt?: string | null;
  status?: SlaFact['status'];
  overdueWorkingMinutes?: number;
}

// Facts and stored facts are built field by field, always in the same order, never by spreading one object into
// another: V8 then gives every fact one shape, and copying a fact stays a plain allocation (a spread of a fact
// took ≈ 2.5 µs on its slow path, the largest cost of an applied event).
export function factOf(clock: OpenClock, region: RegionCode, deadline: Date, outcome: FactOutcome, recordedAt: string): SlaFact {
  return {
    schemaVersion: 1, factId: clock.factId, incidentId: outcome.incidentId, region, authority: clock.authority,
    stage: clock.stage, importance: clock.importance, startedAt: clock.startedAt.toISOString(), deadlineAt: deadline.toISOString(),
    doneAt: outcome.doneAt ?? null, status: outcome.status ?? 'open', overdueWorkingMinutes: outcome.overdueWorkingMinutes ?? 0, recordedAt,
  };
}

/** The fact itself, without a warning state (recorded at another instant when given). */
export const plainFact = (f: SlaFact, recordedAt = f.recordedAt): SlaFact => ({
  schemaVersion: f.schemaVersion, factId: f.factId, incidentId: f.incidentId, region: f.region, authority: f.authority,
  stage: f.stage, importance: f.importance, startedAt: f.startedAt, deadlineAt: f.deadlineAt, doneAt: f.doneAt,
  status: f.status, overdueWorkingMinutes: f.overdueWorkingMinutes, recordedAt,
});

/** A fact version with its clock's warning state. */
export function storedFact(f: SlaFact, warnAt: Date | null | undefined, isWarned: boolean | undefined, recordedAt = f.recordedAt): StoredFact {
  const stored: StoredFact = plainFact(f, recordedAt);
  // Absent stays absent ("not read"), as StoredFact says.
  if (warnAt !== undefined) stored.warnAt = warnAt;
  if (isWarned !== undefined) stored.isWarned = isWarned;
  return stored;
}

export function alertOf(kind: 'deadline_warning' | 'deadline_breach', fact: SlaFact, calendar: WorkingCalendar, now: Date): Alert {
  const deadline = formatInZone(calendar, new Date(fact.deadlineAt));
  const stage = stageNames[fact.stage];
  const message = kind === 'deadline_warning'
    ? `Истекает срок этапа «${stage}» по обращению ${fact.incidentId}: до ${deadline}`
    : `Нарушен срок этапа «${stage}» по обращению ${fact.incidentId}: срок был ${deadline}`;
  return Alert.parse({
    schemaVersion: 1, alertId: `${fact.factId}|${kind === 'deadline_warning' ? 'warning' : 'breach'}`, kind,
    severity: kind === 'deadline_warning' ? 'warning' : 'critical', region: fact.region, incidentId: fact.incidentId,
    stage: fact.stage, at: now.toISOString(), message,
    data: { factId: fact.factId, authority: fact.authority, importance: fact.importance, deadlineAt: deadline },
  });
}

export function deadlineAndWarning(
  profile: RegulationProfile, clock: OpenClock, calendar: WorkingCalendar, warningShare: number,
): Result<{ deadline: Date; warnAt: Date }, DeadlineError> {
  const q = { region: profile.region, stage: clock.stage, importance: clock.importance, start: clock.startedAt };
  const deadline = deadlineFor(q, profile, calendar);
  if (!deadline.ok) return deadline;
  const warning = warningFor(q, deadline.value, warningShare, profile, calendar);
  if (!warning.ok) return warning;
  return ok({ deadline: deadline.value, warnAt: warning.value });
}

/** Replaces the running clocks by the given new fact versions and warning marks (done clocks leave the list). */
export function withFactVersions(open: readonly StoredFact[], facts: readonly SlaFact[], marks: readonly WarningMark[]): StoredFact[] {
  const byId = new Map<string, StoredFact>(open.map((f) => [f.factId, f]));
  for (const fact of facts) {
    const previous = byId.get(fact.factId);
    if (!isRunning(fact)) {
      byId.delete(fact.factId);
      continue;
    }
    byId.set(fact.factId, storedFact(fact, previous?.warnAt ?? null, previous?.isWarned ?? false));
  }
  for (const mark of marks) {
    const fact = byId.get(mark.factId);
    if (fact) byId.set(mark.factId, storedFact(fact, mark.warnAt, mark.isWarned));
  }
  return [...byId.values()];
}

/** Applies one incident event: the next memory, the fact versions, marks and alerts, or why the event is illegal. */
export function applyIncidentEvent(memory: IncidentMemory, event: IncidentEvent, ctx: StepContext): Result<StepOutput, LifecycleError> {
  const { profile, calendar, now } = ctx;
  const transition = applyEvent(memory.state, event, profile);
  if (!transition.ok) return transition;
  const region = profile.region;
  const incidentId = event.incidentId;
  const open = memory.open;
  const plan = planClocks(open.map(toOpenClock), transition.value, event, profile);
  const out: StepOutput = {
    memory, facts: [], marks: [], alerts: [], opened: 0, closed: 0, deadlineErrors: [],
  };

  for (const close of plan.close) {
    const previous = open.find((f) => f.factId === close.clock.factId)!;
    const deadline = new Date(previous.deadlineAt);
    const isLate = close.isJudged && close.doneAt.getTime() > deadline.getTime();
    const overdue = isLate ? overdueMinutes(close.clock.stage, deadline, close.doneAt, profile, calendar) : { ok: true as const, value: 0 };
    const fact = factOf(close.clock, region, deadline, {
      incidentId, doneAt: close.doneAt.toISOString(), status: isLate ? 'breached' : 'met',
      overdueWorkingMinutes: overdue.ok ? overdue.value : 0,
    }, recordedAfter(now, previous.recordedAt));
    out.facts.push(fact);
    // Closed late before the timer saw it: the breach is still announced, once.
    if (isLate && previous.status === 'open') out.alerts.push(alertOf('deadline_breach', fact, calendar, now));
    out.closed += 1;
  }
  for (const { clock: moved, isImportanceChanged } of plan.update) {
    const previous = open.find((f) => f.factId === moved.factId)!;
    let deadline = new Date(previous.deadlineAt);
    const recordedAt = recordedAfter(now, previous.recordedAt);
    if (isImportanceChanged) {
      const computed = deadlineAndWarning(profile, moved, calendar, ctx.warningShare);
      if (computed.ok) {
        deadline = computed.value.deadline;
        out.marks.push({ factId: moved.factId, region, warnAt: computed.value.warnAt, isWarned: previous.isWarned ?? false, recordedAt: new Date(recordedAt) });
      }
    }
    out.facts.push(factOf(moved, region, deadline, { incidentId, status: previous.status, overdueWorkingMinutes: previous.overdueWorkingMinutes }, recordedAt));
  }
  for (const clock of plan.open) {
    const computed = deadlineAndWarning(profile, clock, calendar, ctx.warningShare);
    if (!computed.ok) {
      out.deadlineErrors.push({ stage: clock.stage, error: computed.error });
      continue;
    }
    out.facts.push(factOf(clock, region, computed.value.deadline, { incidentId }, now.toISOString()));
    if (profile.stages[clock.stage]?.kind !== 'window') {
      out.marks.push({ factId: clock.factId, region, warnAt: computed.value.warnAt, isWarned: false, recordedAt: now });
    }
    out.opened += 1;
  }
  out.memory = {
    incidentId: memory.incidentId,
    state: transition.value.state,
    version: memory.version + 1,
    open: withFactVersions(open, out.facts, out.marks),
  };
  return ok(out);
}

/** The end of an outage moves the deadline (and warning) of every running clock of the region that it paused. */
export function moveForOutage(
  open: readonly StoredFact[], outageFrom: Date, ctx: StepContext,
): { facts: SlaFact[]; marks: WarningMark[] } {
  const facts: SlaFact[] = [];
  const marks: WarningMark[] = [];
  const region = ctx.profile.region;
  for (const previous of open) {
    if (previous.status !== 'open' || new Date(previous.deadlineAt).getTime() < outageFrom.getTime()) continue;
    const clock = toOpenClock(previous);
    const computed = deadlineAndWarning(ctx.profile, clock, ctx.calendar, ctx.warningShare);
    if (!computed.ok) continue;
    const recordedAt = recordedAfter(ctx.now, previous.recordedAt);
    facts.push(factOf(clock, region, computed.value.deadline, { incidentId: previous.incidentId }, recordedAt));
    if (previous.warnAt !== undefined && previous.warnAt !== null) {
      marks.push({ factId: clock.factId, region, warnAt: computed.value.warnAt, isWarned: previous.isWarned ?? false, recordedAt: new Date(recordedAt) });
    }
  }
  return { facts, marks };
}

export type DueVerdict =
  /** a return window that lapsed unused: nothing was late */
  | { kind: 'lapsed'; fact: SlaFact }
  /** the deadline passed: announce, then mark breached */
  | { kind: 'breach'; fact: SlaFact; alert: Alert }
  /** the warning instant came */
  | { kind: 'warning'; alert: Alert; mark: WarningMark };

/** What the timer does with an open clock whose deadline or warning instant has come. */
export function judgeDueFact(fact: StoredFact, ctx: StepContext): DueVerdict {
  const { now, calendar, profile } = ctx;
  const deadline = new Date(fact.deadlineAt);
  const clock = toOpenClock(fact);
  const recordedAt = recordedAfter(now, fact.recordedAt);
  if (deadline.getTime() <= now.getTime()) {
    if (profile.stages[fact.stage]?.kind === 'window') {
      return { kind: 'lapsed', fact: factOf(clock, fact.region, deadline, { incidentId: fact.incidentId, status: 'met', doneAt: deadline.toISOString() }, recordedAt) };
    }
    const overdue = overdueMinutes(fact.stage, deadline, now, profile, calendar);
    const breached = factOf(clock, fact.region, deadline, {
      incidentId: fact.incidentId, status: 'breached', overdueWorkingMinutes: overdue.ok ? overdue.value : 0,
    }, recordedAt);
    return { kind: 'breach', fact: breached, alert: alertOf('deadline_breach', breached, calendar, now) };
  }
  return {
    kind: 'warning',
    alert: alertOf('deadline_warning', fact, calendar, now),
    mark: { factId: fact.factId, region: fact.region, warnAt: fact.warnAt ?? now, isWarned: true, recordedAt: new Date(recordedAt) },
  };
}

/** The running clocks of these incidents by fact id, with their warning state, as the memories hold them. */
export function runningClocksOf(memories: Iterable<IncidentMemory>): Map<string, StoredFact> {
  const out = new Map<string, StoredFact>();
  for (const memory of memories) for (const fact of memory.open) out.set(fact.factId, fact);
  return out;
}

/** Keeps the last version of each key, in the order of their last appearance (one row per key per insert). */
export function lastByKey<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const last = new Map<string, T>();
  for (const row of rows) {
    const k = key(row);
    last.delete(k);
    last.set(k, row);
  }
  return [...last.values()];
}
