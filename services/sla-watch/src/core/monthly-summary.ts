// The monthly summary the acts require, per authority: volume, timeliness per stage, time to answer, dynamics.
import { DateTime } from 'luxon';
import type { StageCode } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { workingMinutesBetween, type WorkingCalendar } from './working-time';

export interface SummaryEvent { incidentId: string; type: string; at: Date; authority: string | null }
export interface SummaryFact {
  incidentId: string; authority: string; stage: StageCode; status: 'open' | 'met' | 'breached'; deadlineAt: Date;
}

export interface StageTimeliness { due: number; met: number; breached: number; open: number; shareInTime: number | null }
export interface TimeToAnswer {
  count: number;
  medianHours: number | null; p90Hours: number | null;
  medianWorkingHours: number | null; p90WorkingHours: number | null;
}
export interface PeriodFigures {
  received: number; answered: number; returns: number; reworks: number; breaches: number;
  /** met / (met + breached) over every stage clock due in the month */
  shareInTime: number | null;
  timeToAnswer: TimeToAnswer;
  stages: Partial<Record<StageCode, StageTimeliness>>;
}
export interface AuthorityRow {
  authority: string;
  current: PeriodFigures;
  previous: PeriodFigures;
  /** current − previous; null where either side has no value */
  change: { received: number; answered: number; returns: number; reworks: number; breaches: number; shareInTime: number | null; medianHours: number | null };
}
export interface MonthlySummary {
  region: string; month: string; previousMonth: string;
  period: { from: string; to: string };
  rows: AuthorityRow[];
  total: AuthorityRow;
}

export interface MonthRange { from: Date; to: Date; prevFrom: Date; month: string; previousMonth: string }

/** The month's bounds in the region's zone, and the previous month's start. */
export function monthRange(month: string, zone: string): Result<MonthRange, { code: 'BAD_MONTH'; retriable: false; message: string }> {
  const start = DateTime.fromFormat(month, 'yyyy-MM', { zone });
  if (!/^\d{4}-\d{2}$/.test(month) || !start.isValid) return err({ code: 'BAD_MONTH', retriable: false, message: `month must be YYYY-MM, got "${month}"` });
  const prev = start.minus({ months: 1 });
  return ok({
    from: start.toJSDate(), to: start.plus({ months: 1 }).toJSDate(), prevFrom: prev.toJSDate(),
    month, previousMonth: prev.toFormat('yyyy-MM'),
  });
}

const round = (x: number | null, digits = 2): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

const emptyFigures = (): PeriodFigures => ({
  received: 0, answered: 0, returns: 0, reworks: 0, breaches: 0, shareInTime: null,
  timeToAnswer: { count: 0, medianHours: null, p90Hours: null, medianWorkingHours: null, p90WorkingHours: null }, stages: {},
});

interface Durations { wall: number[]; working: number[] }

function figuresFor(
  from: Date, to: Date, events: readonly SummaryEvent[], facts: readonly SummaryFact[], calendar: WorkingCalendar,
): Map<string, PeriodFigures> {
  const inPeriod = (at: Date) => at.getTime() >= from.getTime() && at.getTime() < to.getTime();
  const out = new Map<string, PeriodFigures>();
  const durations = new Map<string, Durations>();
  const figures = (authority: string) => {
    let f = out.get(authority);
    if (!f) { f = emptyFigures(); out.set(authority, f); }
    return f;
  };
  // Per incident: who is responsible at each moment (the latest routing), when it was created and first answered.
  const byIncident = new Map<string, SummaryEvent[]>();
  for (const e of events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
  for (const list of byIncident.values()) {
    list.sort((a, b) => a.at.getTime() - b.at.getTime());
    const finalAuthority = [...list].reverse().find((e) => (e.type === 'routed' || e.type === 'rerouted') && e.authority)?.authority ?? 'none';
    let current = 'none';
    let createdAt: Date | null = null;
    let isAnswered = false;
    for (const e of list) {
      if (e.type === 'created') {
        createdAt = e.at;
        if (inPeriod(e.at)) figures(finalAuthority).received += 1;
      }
      if ((e.type === 'returned') && inPeriod(e.at)) figures(current).returns += 1;
      if (e.type === 'rework_requested' && inPeriod(e.at)) figures(current).reworks += 1;
      if ((e.type === 'routed' || e.type === 'rerouted') && e.authority) current = e.authority;
      if ((e.type === 'published' || e.type === 'final_published') && !isAnswered) {
        isAnswered = true;
        if (inPeriod(e.at) && createdAt) {
          figures(current).answered += 1;
          const d = durations.get(current) ?? { wall: [], working: [] };
          d.wall.push((e.at.getTime() - createdAt.getTime()) / 3_600_000);
          const w = workingMinutesBetween(calendar, createdAt, e.at);
          if (w.ok) d.working.push(w.value / 60);
          durations.set(current, d);
        }
      }
    }
  }
  for (const fact of facts) {
    if (!inPeriod(fact.deadlineAt)) continue;
    const f = figures(fact.authority);
    const s = f.stages[fact.stage] ?? { due: 0, met: 0, breached: 0, open: 0, shareInTime: null };
    s.due += 1;
    s[fact.status] += 1;
    f.stages[fact.stage] = s;
    if (fact.status === 'breached') f.breaches += 1;
  }
  for (const [authority, f] of out) finish(f, durations.get(authority));
  return out;
}

function finish(f: PeriodFigures, d: Durations | undefined): void {
  let met = 0;
  let judged = 0;
  for (const s of Object.values(f.stages)) {
    if (!s) continue;
    s.shareInTime = s.met + s.breached > 0 ? round(s.met / (s.met + s.breached), 4) : null;
    met += s.met;
    judged += s.met + s.breached;
  }
  f.shareInTime = judged > 0 ? round(met / judged, 4) : null;
  if (d) {
    const wall = [...d.wall].sort((a, b) => a - b);
    const working = [...d.working].sort((a, b) => a - b);
    f.timeToAnswer = {
      count: wall.length,
      medianHours: round(percentile(wall, 0.5)), p90Hours: round(percentile(wall, 0.9)),
      medianWorkingHours: round(percentile(working, 0.5)), p90WorkingHours: round(percentile(working, 0.9)),
    };
  }
}

function merge(all: PeriodFigures[], d: Durations): PeriodFigures {
  const total = emptyFigures();
  for (const f of all) {
    total.received += f.received; total.answered += f.answered; total.returns += f.returns;
    total.reworks += f.reworks; total.breaches += f.breaches;
    for (const [stage, s] of Object.entries(f.stages) as [StageCode, StageTimeliness][]) {
      const t = total.stages[stage] ?? { due: 0, met: 0, breached: 0, open: 0, shareInTime: null };
      t.due += s.due; t.met += s.met; t.breached += s.breached; t.open += s.open;
      total.stages[stage] = t;
    }
  }
  finish(total, d.wall.length > 0 ? d : undefined);
  return total;
}

const diff = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : round(a - b, 4));

function row(authority: string, current: PeriodFigures, previous: PeriodFigures): AuthorityRow {
  return {
    authority, current, previous,
    change: {
      received: current.received - previous.received, answered: current.answered - previous.answered,
      returns: current.returns - previous.returns, reworks: current.reworks - previous.reworks,
      breaches: current.breaches - previous.breaches, shareInTime: diff(current.shareInTime, previous.shareInTime),
      medianHours: diff(current.timeToAnswer.medianHours, previous.timeToAnswer.medianHours),
    },
  };
}

export interface SummaryInput {
  region: string;
  range: MonthRange;
  events: readonly SummaryEvent[];
  facts: readonly SummaryFact[];
  calendar: WorkingCalendar;
  authority?: string | undefined;
}

export function buildMonthlySummary(input: SummaryInput): MonthlySummary {
  const { range, calendar } = input;
  const current = figuresFor(range.from, range.to, input.events, input.facts, calendar);
  const previous = figuresFor(range.prevFrom, range.from, input.events, input.facts, calendar);
  const authorities = [...new Set([...current.keys(), ...previous.keys()])]
    .filter((a) => !input.authority || a === input.authority)
    .sort();
  const rows = authorities.map((a) => row(a, current.get(a) ?? emptyFigures(), previous.get(a) ?? emptyFigures()));
  // Totals recompute the percentiles over all answers rather than averaging the authorities' ones.
  const answerDurations = (from: Date, to: Date) => {
    const d: Durations = { wall: [], working: [] };
    const byIncident = new Map<string, SummaryEvent[]>();
    for (const e of input.events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
    for (const list of byIncident.values()) {
      list.sort((a, b) => a.at.getTime() - b.at.getTime());
      const created = list.find((e) => e.type === 'created');
      const answer = list.find((e) => e.type === 'published' || e.type === 'final_published');
      if (!created || !answer || answer.at < from || answer.at >= to) continue;
      const owner = [...list].filter((e) => (e.type === 'routed' || e.type === 'rerouted') && e.at <= answer.at).pop()?.authority ?? 'none';
      if (input.authority && owner !== input.authority) continue;
      d.wall.push((answer.at.getTime() - created.at.getTime()) / 3_600_000);
      const w = workingMinutesBetween(calendar, created.at, answer.at);
      if (w.ok) d.working.push(w.value / 60);
    }
    return d;
  };
  const total = row(
    'total',
    merge(rows.map((r) => r.current), answerDurations(range.from, range.to)),
    merge(rows.map((r) => r.previous), answerDurations(range.prevFrom, range.from)),
  );
  return {
    region: input.region, month: range.month, previousMonth: range.previousMonth,
    period: { from: range.from.toISOString(), to: range.to.toISOString() }, rows, total,
  };
}

const stageOrder: StageCode[] = ['route', 'return', 'reroute', 'draft', 'review', 'rework', 'publish', 'answer', 'final', 'contribution'];

/** One CSV line per authority plus the total; numbers with a dot, empty where there is no value. */
export function summaryToCsv(summary: MonthlySummary): string {
  const header = [
    'region', 'month', 'authority', 'received', 'received_prev', 'received_change', 'answered', 'answered_prev', 'answered_change',
    'share_in_time', 'share_in_time_prev', 'share_in_time_change', 'median_hours_to_answer', 'p90_hours_to_answer',
    'median_working_hours_to_answer', 'p90_working_hours_to_answer', 'median_hours_change', 'returns', 'returns_prev', 'reworks',
    'reworks_prev', 'breaches', 'breaches_prev', 'breaches_change', ...stageOrder.map((s) => `${s}_share_in_time`),
  ];
  const cell = (v: number | string | null | undefined) => {
    if (v === null || v === undefined) return '';
    const text = String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const line = (r: AuthorityRow) => [
    summary.region, summary.month, r.authority, r.current.received, r.previous.received, r.change.received,
    r.current.answered, r.previous.answered, r.change.answered, r.current.shareInTime, r.previous.shareInTime, r.change.shareInTime,
    r.current.timeToAnswer.medianHours, r.current.timeToAnswer.p90Hours, r.current.timeToAnswer.medianWorkingHours,
    r.current.timeToAnswer.p90WorkingHours, r.change.medianHours, r.current.returns, r.previous.returns, r.current.reworks,
    r.previous.reworks, r.current.breaches, r.previous.breaches, r.change.breaches,
    ...stageOrder.map((s) => r.current.stages[s]?.shareInTime ?? null),
  ].map(cell).join(',');
  return [header.join(','), ...summary.rows.map(line), line(summary.total)].join('\n') + '\n';
}
