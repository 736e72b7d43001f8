// The deadline of one stage clock: the profile's term counted on the region's working calendar.
import type { Importance, RegionCode, StageCode } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { isRelativeTerm, termFor, type RegulationProfile, type Term } from './profile';
import {
  addWorkingDays, addWorkingMinutes, asWallClock, nextWorkingInstant, subtractWorkingMinutes, workingMinutesBetween,
  type WorkingCalendar, type WorkingTimeErrorCode,
} from './working-time';

export interface DeadlineQuestion {
  region: RegionCode;
  stage: StageCode;
  importance: Importance;
  /** The event the terms table names for the stage (detection for answer and relative drafts). */
  start: Date;
}

export type DeadlineErrorCode = 'STAGE_NOT_IN_REGION' | 'REGION_MISMATCH' | 'RELATIVE_TERM_LOOP' | WorkingTimeErrorCode;
export interface DeadlineError { code: DeadlineErrorCode; retriable: false; message: string }

const minutesOf = (term: { amount: number; unit: 'wm' | 'wh' | 'wd' }): number => (term.unit === 'wh' ? term.amount * 60 : term.amount);

function calendarFor(profile: RegulationProfile, stage: StageCode, calendar: WorkingCalendar): WorkingCalendar {
  return profile.stages[stage]?.wallClock ? asWallClock(calendar) : calendar;
}

function compute(q: DeadlineQuestion, profile: RegulationProfile, calendar: WorkingCalendar, depth: number): Result<Date, DeadlineError> {
  if (depth > 4) return err({ code: 'RELATIVE_TERM_LOOP', retriable: false, message: `relative terms nest too deep at stage ${q.stage}` });
  const term: Term | null = termFor(profile, q.stage, q.importance);
  if (!term) {
    return err({ code: 'STAGE_NOT_IN_REGION', retriable: false, message: `stage "${q.stage}" does not exist in region ${profile.region}` });
  }
  const cal = calendarFor(profile, q.stage, calendar);
  if (isRelativeTerm(term)) {
    const anchor = compute({ ...q, stage: term.before }, profile, calendar, depth + 1);
    if (!anchor.ok) return anchor;
    return subtractWorkingMinutes(cal, anchor.value, minutesOf(term));
  }
  if (term.unit === 'wd') return addWorkingDays(cal, q.start, term.amount);
  return addWorkingMinutes(cal, q.start, minutesOf(term));
}

/** The deadline of `q.stage` for a clock started at `q.start`, or why there is none. */
export function deadlineFor(q: DeadlineQuestion, profile: RegulationProfile, calendar: WorkingCalendar): Result<Date, DeadlineError> {
  if (q.region !== profile.region) {
    return err({ code: 'REGION_MISMATCH', retriable: false, message: `profile of ${profile.region} asked about ${q.region}` });
  }
  return compute(q, profile, calendar, 0);
}

/**
 * When to warn: after `share` of the stage's time has been used, counted in the stage's own time (working or
 * wall-clock) from the effective start (convention 1) to the deadline.
 */
export function warningFor(
  q: DeadlineQuestion, deadline: Date, share: number, profile: RegulationProfile, calendar: WorkingCalendar,
): Result<Date, DeadlineError> {
  const cal = calendarFor(profile, q.stage, calendar);
  const start = nextWorkingInstant(cal, q.start);
  if (!start.ok) return start;
  if (start.value.getTime() >= deadline.getTime()) return ok(deadline);
  const total = workingMinutesBetween(cal, start.value, deadline);
  if (!total.ok) return total;
  return addWorkingMinutes(cal, start.value, total.value * share);
}

/** Working minutes (in the stage's own time) from the deadline to `doneAt`; 0 when met. */
export function overdueMinutes(
  stage: StageCode, deadline: Date, doneAt: Date, profile: RegulationProfile, calendar: WorkingCalendar,
): Result<number, DeadlineError> {
  if (doneAt.getTime() <= deadline.getTime()) return ok(0);
  const minutes = workingMinutesBetween(calendarFor(profile, stage, calendar), deadline, doneAt);
  if (!minutes.ok) return minutes;
  return ok(Math.round(minutes.value * 100) / 100);
}
