import { describe, expect, it } from 'vitest';
import type { Importance, RegionCode, StageCode } from '@cur/shared/contracts/index';
import { loadRegulations } from '../regulations';
import { deadlineFor, overdueMinutes, warningFor } from './deadline';
import { RegulationProfile } from './profile';
import { formatInZone, withOutages } from './working-time';

const regulations = loadRegulations();
const ask = (region: RegionCode, stage: StageCode, importance: Importance, start: string, outages: { from: string; to: string }[] = []): string => {
  const { profile, calendar } = regulations.get(region)!;
  const cal = withOutages(calendar, outages.map((o) => ({ from: new Date(o.from), to: new Date(o.to) })));
  const r = deadlineFor({ region, stage, importance, start: new Date(start) }, profile, cal);
  return r.ok ? formatInZone(calendar, r.value) : r.error.code;
};

// Every stage of every region from Tuesday 2026-11-24 10:00 local time, counted by hand.
const tuesday: Record<RegionCode, string> = {
  lipetsk: '2026-11-24T10:00:00+03:00', yelets: '2026-11-24T10:00:00+03:00', kuzbass: '2026-11-24T10:00:00+07:00',
  udmurtia: '2026-11-24T10:00:00+04:00', omsk: '2026-11-24T10:00:00+06:00',
};
const NONE = 'STAGE_NOT_IN_REGION';
const table: [RegionCode, StageCode, Importance, string][] = [
  ['lipetsk', 'route', 'normal', '2026-11-24T10:30:00+03:00'],
  ['lipetsk', 'return', 'normal', '2026-11-24T10:30:00+03:00'],
  ['lipetsk', 'reroute', 'normal', NONE],
  ['lipetsk', 'draft', 'normal', '2026-11-24T15:00:00+03:00'],
  ['lipetsk', 'review', 'normal', '2026-11-24T10:30:00+03:00'],
  ['lipetsk', 'rework', 'normal', '2026-11-24T11:00:00+03:00'],
  ['lipetsk', 'publish', 'normal', NONE],
  ['lipetsk', 'answer', 'normal', '2026-11-25T10:00:00+03:00'],
  ['lipetsk', 'answer', 'critical', '2026-11-25T10:00:00+03:00'],
  ['lipetsk', 'final', 'normal', '2026-12-03T10:00:00+03:00'],
  ['lipetsk', 'contribution', 'normal', '2026-11-24T12:00:00+03:00'],
  ['yelets', 'route', 'normal', '2026-11-24T11:00:00+03:00'],
  ['yelets', 'return', 'normal', '2026-11-24T10:30:00+03:00'],
  ['yelets', 'reroute', 'normal', NONE],
  ['yelets', 'draft', 'normal', '2026-11-24T17:00:00+03:00'],
  ['yelets', 'review', 'normal', '2026-11-24T10:30:00+03:00'],
  ['yelets', 'rework', 'normal', '2026-11-24T10:30:00+03:00'],
  ['yelets', 'publish', 'normal', NONE],
  ['yelets', 'answer', 'normal', '2026-11-25T10:00:00+03:00'],
  ['yelets', 'final', 'normal', '2026-12-03T10:00:00+03:00'],
  ['yelets', 'contribution', 'normal', NONE],
  ['kuzbass', 'route', 'normal', '2026-11-24T10:30:00+07:00'],
  ['kuzbass', 'return', 'normal', '2026-11-24T10:30:00+07:00'],
  ['kuzbass', 'reroute', 'normal', '2026-11-24T10:30:00+07:00'],
  ['kuzbass', 'draft', 'normal', '2026-11-24T15:00:00+07:00'],
  ['kuzbass', 'draft', 'low', '2026-11-24T15:00:00+07:00'],
  ['kuzbass', 'draft', 'high', '2026-11-24T12:00:00+07:00'],
  ['kuzbass', 'draft', 'critical', '2026-11-24T12:00:00+07:00'],
  ['kuzbass', 'review', 'normal', '2026-11-24T10:30:00+07:00'],
  ['kuzbass', 'rework', 'normal', '2026-11-24T11:00:00+07:00'],
  ['kuzbass', 'publish', 'normal', '2026-11-24T10:30:00+07:00'],
  ['kuzbass', 'answer', 'normal', '2026-11-25T10:00:00+07:00'],
  ['kuzbass', 'answer', 'high', '2026-11-24T15:00:00+07:00'],
  ['kuzbass', 'answer', 'critical', '2026-11-24T15:00:00+07:00'],
  ['kuzbass', 'final', 'normal', '2026-12-03T10:00:00+07:00'],
  ['kuzbass', 'contribution', 'normal', '2026-11-24T12:00:00+07:00'],
  ['udmurtia', 'route', 'normal', '2026-11-24T11:00:00+04:00'],
  ['udmurtia', 'return', 'normal', '2026-11-24T10:30:00+04:00'],
  ['udmurtia', 'reroute', 'normal', NONE],
  ['udmurtia', 'draft', 'normal', '2026-11-25T15:00:00+04:00'],
  ['udmurtia', 'review', 'normal', '2026-11-24T11:00:00+04:00'],
  ['udmurtia', 'rework', 'normal', '2026-11-24T12:00:00+04:00'],
  ['udmurtia', 'publish', 'normal', '2026-11-24T11:00:00+04:00'],
  ['udmurtia', 'answer', 'normal', '2026-11-26T10:00:00+04:00'],
  ['udmurtia', 'final', 'normal', '2026-12-03T10:00:00+04:00'],
  ['udmurtia', 'contribution', 'normal', '2026-11-24T13:00:00+04:00'],
  ['omsk', 'route', 'normal', '2026-11-24T11:30:00+06:00'],
  ['omsk', 'return', 'normal', '2026-11-24T10:30:00+06:00'],
  ['omsk', 'reroute', 'normal', NONE],
  ['omsk', 'draft', 'normal', '2026-11-24T12:00:00+06:00'],
  ['omsk', 'review', 'normal', '2026-11-24T11:00:00+06:00'],
  ['omsk', 'rework', 'normal', '2026-11-24T11:00:00+06:00'],
  ['omsk', 'publish', 'normal', NONE],
  ['omsk', 'answer', 'normal', NONE],
  ['omsk', 'final', 'normal', '2026-11-25T09:45:00+06:00'],
  ['omsk', 'contribution', 'normal', '2026-11-24T12:00:00+06:00'],
];

describe('deadlineFor: every stage of every region from a Tuesday 10:00', () => {
  it.each(table)('%s %s (%s)', (region, stage, importance, expected) => {
    expect(ask(region, stage, importance, tuesday[region])).toBe(expected);
  });
});

describe('deadlineFor: awkward starts', () => {
  const cases: [string, RegionCode, StageCode, Importance, string, string][] = [
    ['lipetsk route from a Friday evening', 'lipetsk', 'route', 'normal', '2026-11-27T17:50:20+03:00', '2026-11-30T09:20:20+03:00'],
    ['lipetsk answer on the shortened 03.11 before the 04.11 holiday', 'lipetsk', 'answer', 'normal', '2026-11-03T10:00:00+03:00', '2026-11-05T11:00:00+03:00'],
    ['lipetsk answer before the New Year holidays', 'lipetsk', 'answer', 'normal', '2025-12-30T15:00:00+03:00', '2026-01-12T15:00:00+03:00'],
    ['lipetsk route during the New Year holidays', 'lipetsk', 'route', 'high', '2026-01-03T12:00:00+03:00', '2026-01-12T09:30:00+03:00'],
    ['lipetsk answer before the May holidays', 'lipetsk', 'answer', 'normal', '2026-04-30T16:00:00+03:00', '2026-05-04T17:00:00+03:00'],
    ['yelets route ending exactly at lunch', 'yelets', 'route', 'normal', '2026-11-24T12:00:00+03:00', '2026-11-24T13:00:00+03:00'],
    ['lipetsk review ending exactly at the day end', 'lipetsk', 'review', 'normal', '2026-11-24T17:30:00+03:00', '2026-11-24T18:00:00+03:00'],
    ['lipetsk answer on the working Saturday 01.11.2025', 'lipetsk', 'answer', 'normal', '2025-11-01T10:00:00+03:00', '2025-11-05T11:00:00+03:00'],
    ['kuzbass answer on the working Saturday 20.02.2027', 'kuzbass', 'answer', 'normal', '2027-02-20T16:30:00+07:00', '2027-02-24T17:30:00+07:00'],
    ['kuzbass high answer from 16:00', 'kuzbass', 'answer', 'high', '2026-11-24T16:00:00+07:00', '2026-11-25T11:00:00+07:00'],
    ['kuzbass high draft: the latest instant is the next morning', 'kuzbass', 'draft', 'high', '2026-11-24T16:00:00+07:00', '2026-11-25T09:00:00+07:00'],
    ['kuzbass draft lands on 14:00 after lunch', 'kuzbass', 'draft', 'normal', '2026-11-24T09:00:00+07:00', '2026-11-24T14:00:00+07:00'],
    ['kuzbass start given in UTC', 'kuzbass', 'answer', 'normal', '2026-11-24T02:00:00Z', '2026-11-24T18:00:00+07:00'],
    ['udmurtia answer from a Friday night', 'udmurtia', 'answer', 'normal', '2026-11-27T19:00:00+04:00', '2026-12-02T09:00:00+04:00'],
    ['udmurtia answer on a shortened target day', 'udmurtia', 'answer', 'normal', '2026-10-30T17:45:00+04:00', '2026-11-03T17:00:00+04:00'],
    ['udmurtia draft from that start', 'udmurtia', 'draft', 'normal', '2026-10-30T17:45:00+04:00', '2026-11-03T12:00:00+04:00'],
    ['udmurtia contribution at lunch', 'udmurtia', 'contribution', 'normal', '2026-11-24T13:30:00+04:00', '2026-11-24T17:00:00+04:00'],
    ['omsk route from a Friday afternoon', 'omsk', 'route', 'normal', '2026-11-27T15:30:00+06:00', '2026-11-30T09:00:00+06:00'],
    ['omsk draft on the shortened 03.11', 'omsk', 'draft', 'normal', '2026-11-03T15:30:00+06:00', '2026-11-05T09:15:00+06:00'],
    // Fri 10–13 (3 h) + 14–16:30 (2.5 h) = 5.5 h; Mon 08:30 + 2.5 h = 11:00.
    ['omsk final from a Friday (Friday ends 16:30)', 'omsk', 'final', 'normal', '2026-11-27T10:00:00+06:00', '2026-11-30T11:00:00+06:00'],
    ['lipetsk final over the New Year', 'lipetsk', 'final', 'normal', '2025-12-25T11:00:00+03:00', '2026-01-15T11:00:00+03:00'],
    ['outside the calendar', 'lipetsk', 'route', 'normal', '2024-12-28T10:00:00+03:00', 'OUT_OF_CALENDAR'],
  ];
  it.each(cases)('%s', (_name, region, stage, importance, start, expected) => {
    expect(ask(region, stage, importance, start)).toBe(expected);
  });

  it('moves deadlines by the working time of an outage', () => {
    const outage = [{ from: '2026-11-24T10:30:00+06:00', to: '2026-11-24T11:15:00+06:00' }];
    expect(ask('omsk', 'route', 'normal', '2026-11-24T10:00:00+06:00', outage)).toBe('2026-11-24T12:15:00+06:00');
    const udm = [{ from: '2026-11-24T12:00:00+04:00', to: '2026-11-24T15:00:00+04:00' }];
    expect(ask('udmurtia', 'answer', 'normal', '2026-11-23T10:00:00+04:00', udm)).toBe('2026-11-25T12:00:00+04:00');
  });
});

describe('wall-clock stages and warnings', () => {
  const lipetsk = regulations.get('lipetsk')!;
  const wallProfile = RegulationProfile.parse({
    ...lipetsk.profile,
    stages: { ...lipetsk.profile.stages, route: { ...lipetsk.profile.stages.route, wallClock: true } },
  });
  it('counts plain minutes for a stage the profile marks wall-clock', () => {
    const r = deadlineFor({ region: 'lipetsk', stage: 'route', importance: 'normal', start: new Date('2026-11-28T23:50:00+03:00') }, wallProfile, lipetsk.calendar);
    expect(r.ok && formatInZone(lipetsk.calendar, r.value)).toBe('2026-11-29T00:20:00+03:00');
  });
  it('warns at 75 % of the working time of the term', () => {
    const q = { region: 'lipetsk' as const, stage: 'answer' as const, importance: 'normal' as const, start: new Date('2026-11-24T10:00:00+03:00') };
    const d = deadlineFor(q, lipetsk.profile, lipetsk.calendar);
    if (!d.ok) throw new Error('no deadline');
    const w = warningFor(q, d.value, 0.75, lipetsk.profile, lipetsk.calendar);
    // 8 wh from Tue 10:00: 6 h used at 17:00 the same day.
    expect(w.ok && formatInZone(lipetsk.calendar, w.value)).toBe('2026-11-24T17:00:00+03:00');
  });
  it('counts overdue minutes in working time only', () => {
    const r = overdueMinutes('answer', new Date('2026-11-24T17:30:00+03:00'), new Date('2026-11-25T09:45:00+03:00'), lipetsk.profile, lipetsk.calendar);
    expect(r).toEqual({ ok: true, value: 75 });
  });
  it('rejects a profile whose relative term names a missing stage', () => {
    const bad = { ...lipetsk.profile, stages: { draft: { term: { before: 'answer', amount: 4, unit: 'wh' }, opensOn: ['detection'], stopsOn: ['submission'] } } };
    const parsed = RegulationProfile.safeParse(bad);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path.join('.')).toBe('stages.draft.term.before');
  });
});
