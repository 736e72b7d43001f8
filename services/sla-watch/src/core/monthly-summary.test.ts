import { describe, expect, it } from 'vitest';
import { loadRegulations } from '../regulations';
import { buildMonthlySummary, monthRange, summaryToCsv, type SummaryEvent, type SummaryFact } from './monthly-summary';

const calendar = loadRegulations().get('lipetsk')!.calendar;
const e = (incidentId: string, type: string, at: string, authority: string | null = null): SummaryEvent => ({ incidentId, type, at: new Date(at), authority });
const f = (incidentId: string, authority: string, stage: SummaryFact['stage'], status: SummaryFact['status'], deadline: string): SummaryFact =>
  ({ incidentId, authority, stage, status, deadlineAt: new Date(deadline) });

// A: housing, answered the same day after a rework. B: returned by roads, re-routed to housing, answered next day.
// C: October, answered in 2 h. D: created on 30.11, not answered.
const events: SummaryEvent[] = [
  e('A', 'created', '2026-11-02T10:00:00+03:00'), e('A', 'routed', '2026-11-02T10:10:00+03:00', 'housing_dept'),
  e('A', 'rework_requested', '2026-11-02T12:00:00+03:00'), e('A', 'published', '2026-11-02T15:00:00+03:00'),
  e('B', 'created', '2026-11-05T10:00:00+03:00'), e('B', 'routed', '2026-11-05T10:05:00+03:00', 'roads_dept'),
  e('B', 'returned', '2026-11-05T10:20:00+03:00'), e('B', 'rerouted', '2026-11-05T10:30:00+03:00', 'housing_dept'),
  e('B', 'published', '2026-11-06T10:00:00+03:00'),
  e('C', 'created', '2026-10-30T10:00:00+03:00'), e('C', 'routed', '2026-10-30T10:05:00+03:00', 'housing_dept'),
  e('C', 'published', '2026-10-30T12:00:00+03:00'),
  e('D', 'created', '2026-11-30T17:00:00+03:00'), e('D', 'routed', '2026-11-30T17:05:00+03:00', 'roads_dept'),
];
const facts: SummaryFact[] = [
  f('A', 'housing_dept', 'answer', 'met', '2026-11-03T10:00:00+03:00'),
  f('A', 'housing_dept', 'draft', 'breached', '2026-11-02T14:10:00+03:00'),
  f('B', 'housing_dept', 'answer', 'met', '2026-11-06T10:00:00+03:00'),
  f('B', 'roads_dept', 'return', 'met', '2026-11-05T10:35:00+03:00'),
  f('C', 'housing_dept', 'answer', 'met', '2026-10-30T17:00:00+03:00'),
  f('D', 'roads_dept', 'route', 'open', '2026-12-01T09:30:00+03:00'),
];

describe('monthRange', () => {
  it('takes the month in the region\'s zone', () => {
    const r = monthRange('2026-11', 'Europe/Moscow');
    expect(r.ok && [r.value.from.toISOString(), r.value.to.toISOString(), r.value.prevFrom.toISOString(), r.value.previousMonth])
      .toEqual(['2026-10-31T21:00:00.000Z', '2026-11-30T21:00:00.000Z', '2026-09-30T21:00:00.000Z', '2026-10']);
  });
  it('rejects a malformed month', () => {
    expect(monthRange('2026-13', 'Europe/Moscow').ok).toBe(false);
  });
});

describe('buildMonthlySummary', () => {
  const range = monthRange('2026-11', 'Europe/Moscow');
  if (!range.ok) throw new Error('range');
  const summary = buildMonthlySummary({ region: 'lipetsk', range: range.value, events, facts, calendar });
  const byAuthority = Object.fromEntries(summary.rows.map((r) => [r.authority, r]));

  it('counts posts received and answered per responsible authority', () => {
    expect(byAuthority.housing_dept?.current).toMatchObject({ received: 2, answered: 2, reworks: 1, returns: 0, breaches: 1 });
    expect(byAuthority.roads_dept?.current).toMatchObject({ received: 1, answered: 0, returns: 1, breaches: 0 });
  });

  it('gives the share in time per stage and overall', () => {
    expect(byAuthority.housing_dept?.current.stages).toEqual({
      answer: { due: 2, met: 2, breached: 0, open: 0, shareInTime: 1 },
      draft: { due: 1, met: 0, breached: 1, open: 0, shareInTime: 0 },
    });
    expect(byAuthority.housing_dept?.current.shareInTime).toBe(0.6667);
    expect(byAuthority.roads_dept?.current.stages).toEqual({ return: { due: 1, met: 1, breached: 0, open: 0, shareInTime: 1 } });
  });

  it('gives median and p90 time to answer, wall-clock and working', () => {
    // A: 5 h (4 working), B: 24 h (8 working: 3 + 4 + 1).
    expect(byAuthority.housing_dept?.current.timeToAnswer).toEqual({ count: 2, medianHours: 5, p90Hours: 24, medianWorkingHours: 4, p90WorkingHours: 8 });
  });

  it('compares with the previous month', () => {
    expect(byAuthority.housing_dept?.previous).toMatchObject({ received: 1, answered: 1, shareInTime: 1 });
    expect(byAuthority.housing_dept?.change).toEqual({ received: 1, answered: 1, returns: 0, reworks: 1, breaches: 1, shareInTime: -0.3333, medianHours: 3 });
  });

  it('totals over all authorities', () => {
    expect(summary.total.current).toMatchObject({ received: 3, answered: 2, returns: 1, reworks: 1, breaches: 1, shareInTime: 0.75 });
    expect(summary.total.current.timeToAnswer.medianHours).toBe(5);
  });

  it('filters by authority', () => {
    const only = buildMonthlySummary({ region: 'lipetsk', range: range.value, events, facts, calendar, authority: 'roads_dept' });
    expect(only.rows.map((r) => r.authority)).toEqual(['roads_dept']);
    expect(only.total.current.received).toBe(1);
  });

  it('writes one CSV line per authority and the total', () => {
    const lines = summaryToCsv(summary).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]?.startsWith('region,month,authority,received,received_prev,received_change,answered')).toBe(true);
    expect(lines[1]?.startsWith('lipetsk,2026-11,housing_dept,2,1,1,2,1,1,0.6667,1,-0.3333,5,24,4,8,3,0,0,1,0,1,0,1,')).toBe(true);
    expect(lines[3]?.startsWith('lipetsk,2026-11,total,3,')).toBe(true);
  });
});
