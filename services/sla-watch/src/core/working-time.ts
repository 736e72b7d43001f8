// Working time of one region: the production calendar, office hours and declared outages in the region's zone
// (clock conventions 1–4 and 6 of docs/regulations.md). Pure: every instant comes in as an argument.
import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { err, ok, type Result } from '@cur/shared/result';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const Hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** The part of production-calendar-ru.json the engine reads (other keys are documentation). */
export const ProductionCalendar = z.object({
  years: z.record(z.string().regex(/^\d{4}$/), z.object({
    holidays_and_days_off: z.array(IsoDate).describe('Monday–Friday dates that are not worked'),
    working_weekends: z.array(IsoDate).describe('Saturdays/Sundays that are worked with Monday hours'),
    shortened_days: z.array(IsoDate).describe('pre-holiday days, shorter by pre_holiday_shortened_by_minutes'),
  })).describe('one entry per covered year; instants outside these years are an error'),
});
export type ProductionCalendar = z.infer<typeof ProductionCalendar>;

const Span = z.tuple([Hhmm, Hhmm]);
/** A region's office_hours block of regions.json. */
export const OfficeHours = z.object({
  weekly: z.object({
    mon: Span.optional(), tue: Span.optional(), wed: Span.optional(), thu: Span.optional(),
    fri: Span.optional(), sat: Span.optional(), sun: Span.optional(),
  }).strict().describe('[start, end) local time per weekday; a missing weekday is a day off'),
  breaks: z.array(Span).default([]).describe('non-working spans inside every working day'),
  pre_holiday_shortened_by_minutes: z.number().int().nonnegative().default(60).describe('ТК РФ ст. 95'),
});
export type OfficeHours = z.infer<typeof OfficeHours>;

/** A declared outage [from, to) of the region's system; `to: null` = still going on. */
export interface Outage { from: Date; to: Date | null }

export type WorkingTimeErrorCode = 'OUT_OF_CALENDAR' | 'INVALID_ZONE' | 'INVALID_INSTANT' | 'NO_WORKING_TIME';
export interface WorkingTimeError { code: WorkingTimeErrorCode; retriable: false; message: string }

type Span = readonly [number, number]; // epoch ms, half-open

interface DayRules {
  years: ReadonlySet<number>;
  daysOff: ReadonlySet<string>;
  workingWeekends: ReadonlySet<string>;
  shortened: ReadonlySet<string>;
}

interface Hours {
  /** minutes from midnight per ISO weekday 1..7 */
  weekly: ReadonlyMap<number, readonly [number, number]>;
  breaks: readonly (readonly [number, number])[];
  shortenByMin: number;
}

export interface WorkingCalendar {
  readonly zone: string;
  /** 'wall' counts every minute (a profile's wall-clock stage); outages still pause it. */
  readonly mode: 'working' | 'wall';
  readonly outages: readonly Span[];
  readonly rules: DayRules;
  readonly hours: Hours;
  /** memo of day plans by ISO date; the plans do not depend on outages or mode */
  readonly memo: Map<string, readonly Span[]>;
}

const MINUTE_MS = 60_000;
const MAX_SCAN_DAYS = 3_000;
const weekdayKeys = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// Internal control flow only: every exported function turns it into an error value.
class CalendarFault extends Error {
  constructor(readonly code: WorkingTimeErrorCode, message: string) { super(message); }
}

function guard<T>(run: () => T): Result<T, WorkingTimeError> {
  try {
    return ok(run());
  } catch (e) {
    if (e instanceof CalendarFault) return err({ code: e.code, retriable: false, message: e.message });
    throw e;
  }
}

export interface CalendarInput {
  zone: string;
  officeHours: OfficeHours;
  productionCalendar: ProductionCalendar;
}

export function createWorkingCalendar(input: CalendarInput): Result<WorkingCalendar, WorkingTimeError> {
  if (!DateTime.now().setZone(input.zone).isValid) {
    return err({ code: 'INVALID_ZONE', retriable: false, message: `unknown IANA zone "${input.zone}"` });
  }
  const years = new Set<number>();
  const daysOff = new Set<string>();
  const workingWeekends = new Set<string>();
  const shortened = new Set<string>();
  for (const [year, spec] of Object.entries(input.productionCalendar.years)) {
    years.add(Number(year));
    spec.holidays_and_days_off.forEach((d) => daysOff.add(d));
    spec.working_weekends.forEach((d) => workingWeekends.add(d));
    spec.shortened_days.forEach((d) => shortened.add(d));
  }
  const weekly = new Map<number, readonly [number, number]>();
  weekdayKeys.forEach((key, i) => {
    const span = input.officeHours.weekly[key];
    if (span) weekly.set(i + 1, [toMinutes(span[0]), toMinutes(span[1])]);
  });
  return ok({
    zone: input.zone,
    mode: 'working',
    outages: [],
    rules: { years, daysOff, workingWeekends, shortened },
    hours: {
      weekly,
      breaks: input.officeHours.breaks.map((b) => [toMinutes(b[0]), toMinutes(b[1])] as const),
      shortenByMin: input.officeHours.pre_holiday_shortened_by_minutes,
    },
    memo: new Map(),
  });
}

/** The same calendar with declared outages as non-working time (convention 6). An open outage runs forever. */
export function withOutages(calendar: WorkingCalendar, outages: readonly Outage[]): WorkingCalendar {
  const spans = outages
    .map((o) => [o.from.getTime(), o.to ? o.to.getTime() : Number.POSITIVE_INFINITY] as const)
    .filter(([from, to]) => to > from)
    .sort((a, b) => a[0] - b[0]);
  return { ...calendar, outages: spans };
}

/** The same calendar counting every minute (a wall-clock stage); outages still pause it. */
export function asWallClock(calendar: WorkingCalendar): WorkingCalendar {
  return { ...calendar, mode: 'wall' };
}

// ---- day plans ----

// Building a zoned DateTime costs a time-zone offset lookup (Intl), the bulk of the time of a deadline. Local days
// are therefore memoised per calendar (its `memo` map is shared by the outage and wall-clock variants, which have
// the same zone): the start of the day of any instant, keyed by its quarter hour (local midnights of every zone
// fall on whole quarter hours), and each day's neighbours. Bounded: a cache is dropped when it grows too big.
interface DayCache { starts: Map<number, DateTime>; next: Map<number, DateTime>; prev: Map<number, DateTime> }
const dayCaches = new WeakMap<object, DayCache>();
const QUARTER_HOUR_MS = 15 * MINUTE_MS;
const MAX_CACHED_DAYS = 100_000;

function dayCacheOf(calendar: WorkingCalendar): DayCache {
  let cache = dayCaches.get(calendar.memo);
  if (!cache) {
    cache = { starts: new Map(), next: new Map(), prev: new Map() };
    dayCaches.set(calendar.memo, cache);
  }
  return cache;
}

function remembered(map: Map<number, DateTime>, key: number, make: () => DateTime): DateTime {
  let day = map.get(key);
  if (!day) {
    if (map.size >= MAX_CACHED_DAYS) map.clear();
    day = make();
    map.set(key, day);
  }
  return day;
}

/**
 * A zone whose UTC offsets are remembered by quarter hour. Luxon asks Intl for the offset of every instant it builds
 * or moves a zoned time to (≈ 10 µs each; a deadline needs several). An offset changes only at a transition, and
 * transitions fall on whole quarter hours of UTC (local whole or half hours, offsets in whole quarter hours), so
 * one answer holds for its whole quarter hour. An offset that is not in whole quarter hours (a historical local
 * mean time) is not remembered.
 */
class QuarterHourOffsetZone extends IANAZone {
  readonly #offsets = new Map<number, number>();

  override offset(ts: number): number {
    const key = Math.floor(ts / QUARTER_HOUR_MS);
    const known = this.#offsets.get(key);
    if (known !== undefined) return known;
    const offset = super.offset(ts);
    if (offset % 15 === 0) {
      if (this.#offsets.size >= MAX_CACHED_OFFSETS) this.#offsets.clear();
      this.#offsets.set(key, offset);
    }
    return offset;
  }
}
const zones = new Map<string, QuarterHourOffsetZone>();
/** ≈ 3 years of quarter hours: a cache that grows past it is dropped and starts again. */
const MAX_CACHED_OFFSETS = 100_000;

/** The calendar's zone for luxon, one per zone name, with its offsets remembered. */
function zoneOf(calendar: WorkingCalendar): QuarterHourOffsetZone {
  let zone = zones.get(calendar.zone);
  if (!zone) {
    zone = new QuarterHourOffsetZone(calendar.zone);
    zones.set(calendar.zone, zone);
  }
  return zone;
}

function startOfLocalDay(calendar: WorkingCalendar, ms: number): DateTime {
  return remembered(dayCacheOf(calendar).starts, Math.floor(ms / QUARTER_HOUR_MS), () => DateTime.fromMillis(ms, { zone: zoneOf(calendar) }).startOf('day'));
}

const nextDay = (calendar: WorkingCalendar, day: DateTime): DateTime =>
  remembered(dayCacheOf(calendar).next, day.toMillis(), () => day.plus({ days: 1 }));
const previousDay = (calendar: WorkingCalendar, day: DateTime): DateTime =>
  remembered(dayCacheOf(calendar).prev, day.toMillis(), () => day.minus({ days: 1 }));

/** Is this local date a working day by the production calendar (ignores office hours of the weekday)? */
function isWorkingDate(calendar: WorkingCalendar, day: DateTime): boolean {
  if (calendar.mode === 'wall') return true;
  const iso = day.toISODate() as string;
  if (!calendar.rules.years.has(day.year)) {
    const covered = [...calendar.rules.years].sort().join(', ');
    throw new CalendarFault('OUT_OF_CALENDAR', `${iso} is outside the production calendar (years ${covered})`);
  }
  if (calendar.rules.workingWeekends.has(iso)) return true;
  if (calendar.rules.daysOff.has(iso)) return false;
  return calendar.hours.weekly.has(day.weekday);
}

/** Working spans of one local day before outages: office hours minus breaks, shortened before a holiday. */
function basePlan(calendar: WorkingCalendar, day: DateTime): readonly Span[] {
  if (calendar.mode === 'wall') return [[day.toMillis(), nextDay(calendar, day).toMillis()]];
  const iso = day.toISODate() as string;
  const cached = calendar.memo.get(iso);
  if (cached) return cached;
  let plan: Span[] = [];
  if (isWorkingDate(calendar, day)) {
    // A working weekend uses Monday's hours (regions.json office_hours_rule).
    const hours = calendar.rules.workingWeekends.has(iso) ? calendar.hours.weekly.get(1) : calendar.hours.weekly.get(day.weekday);
    if (hours) {
      const start = hours[0];
      const end = calendar.rules.shortened.has(iso) ? hours[1] - calendar.hours.shortenByMin : hours[1];
      let minutes: (readonly [number, number])[] = [[start, end]];
      for (const [bs, be] of calendar.hours.breaks) minutes = minutes.flatMap((s) => cut(s, [bs, be]));
      const at = (m: number) => day.set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis();
      plan = minutes.filter(([s, e]) => e > s).map(([s, e]) => [at(s), at(e)] as const);
    }
  }
  calendar.memo.set(iso, plan);
  return plan;
}

function cut(span: readonly [number, number], hole: readonly [number, number]): (readonly [number, number])[] {
  const [s, e] = span;
  const [hs, he] = hole;
  if (he <= s || hs >= e) return [span];
  const out: (readonly [number, number])[] = [];
  if (hs > s) out.push([s, hs]);
  if (he < e) out.push([he, e]);
  return out;
}

/** Working spans of one local day with outages removed. */
function dayPlan(calendar: WorkingCalendar, day: DateTime): readonly Span[] {
  let spans = basePlan(calendar, day);
  for (const outage of calendar.outages) spans = spans.flatMap((s) => cut(s, outage));
  return spans;
}

function* daysForward(calendar: WorkingCalendar, fromMs: number): Generator<DateTime> {
  let day = startOfLocalDay(calendar, fromMs);
  for (let i = 0; i < MAX_SCAN_DAYS; i += 1) {
    yield day;
    day = nextDay(calendar, day);
  }
  throw new CalendarFault('NO_WORKING_TIME', `no working time within ${MAX_SCAN_DAYS} days (an outage without end?)`);
}

function* daysBackward(calendar: WorkingCalendar, fromMs: number): Generator<DateTime> {
  let day = startOfLocalDay(calendar, fromMs);
  for (let i = 0; i < MAX_SCAN_DAYS; i += 1) {
    yield day;
    day = previousDay(calendar, day);
  }
  throw new CalendarFault('NO_WORKING_TIME', `no working time within ${MAX_SCAN_DAYS} days`);
}

function checkInstant(t: Date): number {
  const ms = t.getTime();
  if (!Number.isFinite(ms)) throw new CalendarFault('INVALID_INSTANT', 'invalid instant');
  return ms;
}

// ---- arithmetic (all in epoch ms) ----

function nextWorkingMs(calendar: WorkingCalendar, t: number): number {
  for (const day of daysForward(calendar, t)) {
    for (const [s, e] of dayPlan(calendar, day)) if (e > t) return Math.max(s, t);
  }
  throw new CalendarFault('NO_WORKING_TIME', 'unreachable');
}

function addMs(calendar: WorkingCalendar, t: number, amountMs: number): number {
  if (amountMs <= 0) return nextWorkingMs(calendar, t);
  let remaining = amountMs;
  for (const day of daysForward(calendar, t)) {
    for (const [s, e] of dayPlan(calendar, day)) {
      if (e <= t) continue;
      const from = Math.max(s, t);
      // `<=`: a term used up exactly at a break or the day's end ends there (convention 2).
      if (e - from >= remaining) return from + remaining;
      remaining -= e - from;
    }
  }
  throw new CalendarFault('NO_WORKING_TIME', 'unreachable');
}

function subtractMs(calendar: WorkingCalendar, deadline: number, amountMs: number): number {
  if (amountMs <= 0) return deadline;
  let remaining = amountMs;
  for (const day of daysBackward(calendar, deadline)) {
    const spans = dayPlan(calendar, day);
    for (let i = spans.length - 1; i >= 0; i -= 1) {
      const [s, e] = spans[i] as Span;
      if (s >= deadline) continue;
      const to = Math.min(e, deadline);
      // The latest X with exactly N working minutes left: inside a span, or the span's start (convention 4).
      if (to - s >= remaining) return to - remaining;
      remaining -= to - s;
    }
  }
  throw new CalendarFault('NO_WORKING_TIME', 'unreachable');
}

function betweenMs(calendar: WorkingCalendar, a: number, b: number): number {
  if (b < a) return -betweenMs(calendar, b, a);
  let total = 0;
  for (const day of daysForward(calendar, a)) {
    if (day.toMillis() >= b) return total;
    for (const [s, e] of dayPlan(calendar, day)) {
      const from = Math.max(s, a);
      const to = Math.min(e, b);
      if (to > from) total += to - from;
    }
  }
  return total;
}

function addDaysMs(calendar: WorkingCalendar, t: number, days: number): number {
  // Reading of convention 3 (with 1 and 6): a start outside working time (or in an outage) first moves to the
  // next working instant; the term then ends on the N-th working day after THAT instant's day, at its local
  // time of day, or at that day's end when the day ends earlier. Outages do not make a day non-working: the
  // working time they took between the start and that instant is added after it, as a paused clock would.
  const start = nextWorkingMs(calendar, t);
  if (days <= 0) return start;
  const base: WorkingCalendar = { ...calendar, outages: [] };
  const startDay = startOfLocalDay(calendar, start);
  const local = DateTime.fromMillis(start, { zone: zoneOf(calendar) });
  let counted = 0;
  let target: DateTime | null = null;
  for (const day of daysForward(calendar, nextDay(calendar, startDay).toMillis())) {
    if (basePlan(calendar, day).length === 0) continue;
    counted += 1;
    if (counted === days) { target = day; break; }
  }
  if (!target) throw new CalendarFault('NO_WORKING_TIME', 'unreachable');
  const plan = basePlan(calendar, target);
  const dayEnd = (plan[plan.length - 1] as Span)[1];
  const atTimeOfDay = target.set({ hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond }).toMillis();
  const plain = Math.min(atTimeOfDay, dayEnd);
  if (calendar.outages.length === 0) return plain;
  const lost = betweenMs(base, start, plain) - betweenMs(calendar, start, plain);
  return lost > 0 ? addMs(calendar, plain, lost) : plain;
}

// ---- public API: results, never exceptions ----

export type WorkingTimeResult<T> = Result<T, WorkingTimeError>;

/** Convention 1: the instant itself when it is working time, else the next start of working time (seconds kept). */
export function nextWorkingInstant(calendar: WorkingCalendar, t: Date): WorkingTimeResult<Date> {
  return guard(() => new Date(nextWorkingMs(calendar, checkInstant(t))));
}

/** Convention 2: the earliest instant at which `minutes` working minutes have elapsed since `t`. */
export function addWorkingMinutes(calendar: WorkingCalendar, t: Date, minutes: number): WorkingTimeResult<Date> {
  return guard(() => new Date(addMs(calendar, checkInstant(t), Math.round(minutes * MINUTE_MS))));
}

/** Convention 4: the latest instant X with exactly `minutes` working minutes left until `deadline`. */
export function subtractWorkingMinutes(calendar: WorkingCalendar, deadline: Date, minutes: number): WorkingTimeResult<Date> {
  return guard(() => new Date(subtractMs(calendar, checkInstant(deadline), Math.round(minutes * MINUTE_MS))));
}

/** Convention 3: the N-th working day after the start's day, at the start's time of day or that day's end. */
export function addWorkingDays(calendar: WorkingCalendar, t: Date, days: number): WorkingTimeResult<Date> {
  return guard(() => new Date(addDaysMs(calendar, checkInstant(t), days)));
}

/** Working minutes in [from, to) (negative when to < from); fractional minutes are kept. */
export function workingMinutesBetween(calendar: WorkingCalendar, from: Date, to: Date): WorkingTimeResult<number> {
  return guard(() => betweenMs(calendar, checkInstant(from), checkInstant(to)) / MINUTE_MS);
}

/** Is `t` inside working time (office hours of a working day, not in an outage)? */
export function isWorkingInstant(calendar: WorkingCalendar, t: Date): WorkingTimeResult<boolean> {
  return guard(() => {
    const ms = checkInstant(t);
    return dayPlan(calendar, startOfLocalDay(calendar, ms)).some(([s, e]) => ms >= s && ms < e);
  });
}

/** Formats an instant in the calendar's zone, to the second: 2026-11-24T10:30:00+03:00. */
export function formatInZone(calendar: WorkingCalendar, t: Date): string {
  return DateTime.fromJSDate(t, { zone: zoneOf(calendar) }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}
