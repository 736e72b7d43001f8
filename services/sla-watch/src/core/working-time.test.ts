import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RegionCode } from '@cur/shared/contracts/index';
import { loadRegulations } from '../regulations';
import {
  addWorkingDays, addWorkingMinutes, asWallClock, createWorkingCalendar, formatInZone, isWorkingInstant, nextWorkingInstant,
  subtractWorkingMinutes, withOutages, workingMinutesBetween, type Outage, type WorkingCalendar,
} from './working-time';

// Expected values below were counted by hand on the production calendar and regions.json office hours:
// Lipetsk/Yelets/Kuzbass/Udmurtia 09:00–18:00, lunch 13:00–14:00; Omsk 08:30–17:45 (Fri 16:30), lunch 13–14;
// shortened days end 60 min earlier; working Saturdays use Monday's hours.
const regulations = loadRegulations();
const cal = (region: RegionCode): WorkingCalendar => regulations.get(region)!.calendar;
const show = (region: RegionCode, r: { ok: true; value: Date } | { ok: false; error: { code: string } }): string =>
  (r.ok ? formatInZone(cal(region), r.value) : r.error.code);

describe('nextWorkingInstant (convention 1)', () => {
  const cases: [RegionCode, string, string, string][] = [
    ['lipetsk', 'inside working time keeps the seconds', '2026-11-24T10:15:30+03:00', '2026-11-24T10:15:30+03:00'],
    ['lipetsk', 'before the morning start', '2026-11-24T07:15:30+03:00', '2026-11-24T09:00:00+03:00'],
    ['lipetsk', 'at lunch', '2026-11-24T13:20:10+03:00', '2026-11-24T14:00:00+03:00'],
    ['lipetsk', 'exactly at the day end moves to the next morning', '2026-11-24T18:00:00+03:00', '2026-11-25T09:00:00+03:00'],
    ['lipetsk', 'on a Friday evening', '2026-11-27T18:30:00+03:00', '2026-11-30T09:00:00+03:00'],
    ['lipetsk', 'after the end of a shortened pre-holiday day', '2026-11-03T17:30:00+03:00', '2026-11-05T09:00:00+03:00'],
    ['lipetsk', 'during the New Year holidays', '2025-12-31T10:00:00+03:00', '2026-01-12T09:00:00+03:00'],
    ['lipetsk', 'during the May holidays', '2026-05-09T12:00:00+03:00', '2026-05-12T09:00:00+03:00'],
    ['lipetsk', 'before a working Saturday', '2025-10-31T18:30:00+03:00', '2025-11-01T09:00:00+03:00'],
    ['omsk', 'Omsk Friday ends at 16:30', '2026-11-27T16:40:00+06:00', '2026-11-30T08:30:00+06:00'],
    ['kuzbass', 'an instant given in UTC is read in Kemerovo time', '2026-11-24T01:30:00Z', '2026-11-24T09:00:00+07:00'],
  ];
  it.each(cases)('%s: %s', (region, _name, start, expected) => {
    expect(show(region, nextWorkingInstant(cal(region), new Date(start)))).toBe(expected);
  });
});

describe('addWorkingMinutes (convention 2)', () => {
  const cases: [RegionCode, string, string, number, string][] = [
    ['lipetsk', 'crosses lunch', '2026-11-24T12:45:00+03:00', 30, '2026-11-24T14:15:00+03:00'],
    ['lipetsk', 'used up exactly at lunch ends at 13:00', '2026-11-24T12:30:00+03:00', 30, '2026-11-24T13:00:00+03:00'],
    ['lipetsk', 'used up exactly at the day end ends at 18:00', '2026-11-24T17:30:00+03:00', 30, '2026-11-24T18:00:00+03:00'],
    ['lipetsk', 'from lunch starts at 14:00', '2026-11-24T13:10:00+03:00', 30, '2026-11-24T14:30:00+03:00'],
    ['lipetsk', 'a Friday evening carries seconds to Monday', '2026-11-27T17:50:20+03:00', 30, '2026-11-30T09:20:20+03:00'],
    ['lipetsk', 'a shortened day, then a holiday', '2026-11-03T10:00:00+03:00', 480, '2026-11-05T11:00:00+03:00'],
    ['lipetsk', 'before the New Year holidays', '2025-12-30T15:00:00+03:00', 480, '2026-01-12T15:00:00+03:00'],
    ['lipetsk', 'before the May holidays (30.04 shortened)', '2026-04-30T16:00:00+03:00', 480, '2026-05-04T17:00:00+03:00'],
    ['lipetsk', 'during the May holidays', '2026-05-09T12:00:00+03:00', 30, '2026-05-12T09:30:00+03:00'],
    ['lipetsk', 'on a working shortened Saturday', '2025-11-01T10:00:00+03:00', 480, '2025-11-05T11:00:00+03:00'],
    ['kuzbass', 'on the working Saturday of 2027', '2027-02-20T16:30:00+07:00', 480, '2027-02-24T17:30:00+07:00'],
    ['omsk', 'Omsk Friday evening', '2026-11-27T15:30:00+06:00', 90, '2026-11-30T09:00:00+06:00'],
    ['omsk', 'Omsk shortened Tuesday ends 16:45', '2026-11-03T15:30:00+06:00', 120, '2026-11-05T09:15:00+06:00'],
    ['omsk', 'Omsk shortened Friday ends 15:30', '2026-05-08T15:00:00+06:00', 60, '2026-05-12T09:00:00+06:00'],
    ['udmurtia', 'Izhevsk time from a Moscow-time start', '2026-11-24T08:30:00+03:00', 60, '2026-11-24T10:30:00+04:00'],
    ['lipetsk', 'zero minutes is the effective start', '2026-11-24T07:00:00+03:00', 0, '2026-11-24T09:00:00+03:00'],
  ];
  it.each(cases)('%s: %s', (region, _name, start, minutes, expected) => {
    expect(show(region, addWorkingMinutes(cal(region), new Date(start), minutes))).toBe(expected);
  });
});

describe('subtractWorkingMinutes (convention 4)', () => {
  const cases: [RegionCode, string, string, number, string][] = [
    ['kuzbass', 'back over the night to the previous afternoon', '2026-11-25T10:00:00+07:00', 240, '2026-11-24T15:00:00+07:00'],
    ['kuzbass', 'the latest instant is the morning start, not the previous evening', '2026-11-25T11:00:00+07:00', 120, '2026-11-25T09:00:00+07:00'],
    ['kuzbass', 'over lunch lands on 14:00, the latest instant', '2026-11-24T18:00:00+07:00', 240, '2026-11-24T14:00:00+07:00'],
    ['udmurtia', 'from a shortened day end', '2026-11-03T17:00:00+04:00', 240, '2026-11-03T12:00:00+04:00'],
  ];
  it.each(cases)('%s: %s', (region, _name, deadline, minutes, expected) => {
    expect(show(region, subtractWorkingMinutes(cal(region), new Date(deadline), minutes))).toBe(expected);
  });
});

describe('addWorkingDays (convention 3)', () => {
  const cases: [RegionCode, string, string, number, string][] = [
    ['udmurtia', 'same time of day two working days later', '2026-11-23T10:00:00+04:00', 2, '2026-11-25T10:00:00+04:00'],
    ['udmurtia', 'a Friday night start counts from Monday morning', '2026-11-27T19:00:00+04:00', 2, '2026-12-02T09:00:00+04:00'],
    ['udmurtia', 'a holiday is skipped', '2026-11-02T17:30:00+04:00', 2, '2026-11-05T17:30:00+04:00'],
    ['udmurtia', 'a shortened target day ends at its end', '2026-10-30T17:45:00+04:00', 2, '2026-11-03T17:00:00+04:00'],
    ['lipetsk', 'seven working days over a weekend', '2026-11-19T17:30:00+03:00', 7, '2026-11-30T17:30:00+03:00'],
    ['lipetsk', 'seven working days over the New Year holidays', '2025-12-25T11:00:00+03:00', 7, '2026-01-15T11:00:00+03:00'],
    ['omsk', 'an Omsk Friday is shorter than Thursday 17:30', '2026-11-25T17:30:00+06:00', 2, '2026-11-27T16:30:00+06:00'],
    ['lipetsk', 'a start at lunch keeps the 14:00 time of day', '2026-11-24T13:30:00+03:00', 1, '2026-11-25T14:00:00+03:00'],
  ];
  it.each(cases)('%s: %s', (region, _name, start, days, expected) => {
    expect(show(region, addWorkingDays(cal(region), new Date(start), days))).toBe(expected);
  });
});

describe('workingMinutesBetween', () => {
  it('counts only office hours', () => {
    const r = workingMinutesBetween(cal('lipetsk'), new Date('2026-11-24T12:00:00+03:00'), new Date('2026-11-25T10:00:00+03:00'));
    expect(r).toEqual({ ok: true, value: 360 });
  });
  it('is zero over a holiday weekend', () => {
    const r = workingMinutesBetween(cal('lipetsk'), new Date('2026-11-03T17:00:00+03:00'), new Date('2026-11-05T09:00:00+03:00'));
    expect(r).toEqual({ ok: true, value: 0 });
  });
  it('is negative when the instants are reversed', () => {
    const r = workingMinutesBetween(cal('lipetsk'), new Date('2026-11-24T11:00:00+03:00'), new Date('2026-11-24T10:30:00+03:00'));
    expect(r).toEqual({ ok: true, value: -30 });
  });
});

describe('outages (convention 6)', () => {
  const outage = (from: string, to: string | null): Outage => ({ from: new Date(from), to: to ? new Date(to) : null });
  it('stops the clock during a declared outage', () => {
    const omsk = withOutages(cal('omsk'), [outage('2026-11-24T10:30:00+06:00', '2026-11-24T11:15:00+06:00')]);
    expect(show('omsk', addWorkingMinutes(omsk, new Date('2026-11-24T10:00:00+06:00'), 90))).toBe('2026-11-24T12:15:00+06:00');
  });
  it('starts a clock detected during an outage at the restoration (Omsk п. 12)', () => {
    const omsk = withOutages(cal('omsk'), [outage('2026-11-24T09:00:00+06:00', '2026-11-24T10:30:00+06:00')]);
    expect(show('omsk', addWorkingMinutes(omsk, new Date('2026-11-24T10:00:00+06:00'), 90))).toBe('2026-11-24T12:00:00+06:00');
    expect(show('omsk', nextWorkingInstant(omsk, new Date('2026-11-24T10:00:00+06:00')))).toBe('2026-11-24T10:30:00+06:00');
  });
  it('extends a working-day term by the working time the outage took', () => {
    const udm = withOutages(cal('udmurtia'), [outage('2026-11-24T12:00:00+04:00', '2026-11-24T15:00:00+04:00')]);
    expect(show('udmurtia', addWorkingDays(udm, new Date('2026-11-23T10:00:00+04:00'), 2))).toBe('2026-11-25T12:00:00+04:00');
  });
  it('an outage outside working time changes nothing', () => {
    const lip = withOutages(cal('lipetsk'), [outage('2026-11-24T19:00:00+03:00', '2026-11-24T23:00:00+03:00')]);
    expect(show('lipetsk', addWorkingMinutes(lip, new Date('2026-11-24T17:30:00+03:00'), 60))).toBe('2026-11-25T09:30:00+03:00');
  });
  it('an open outage leaves no working time in the calendar years', () => {
    const lip = withOutages(cal('lipetsk'), [outage('2026-11-24T10:00:00+03:00', null)]);
    expect(isWorkingInstant(lip, new Date('2026-11-25T10:00:00+03:00'))).toEqual({ ok: true, value: false });
    expect(addWorkingMinutes(lip, new Date('2026-11-24T10:00:00+03:00'), 30).ok).toBe(false);
  });
});

describe('wall-clock time', () => {
  it('counts every minute, nights and weekends included', () => {
    const wall = asWallClock(cal('lipetsk'));
    expect(show('lipetsk', addWorkingMinutes(wall, new Date('2026-11-28T23:50:00+03:00'), 30))).toBe('2026-11-29T00:20:00+03:00');
  });
  it('is still paused by an outage', () => {
    const wall = withOutages(asWallClock(cal('lipetsk')), [{ from: new Date('2026-11-29T00:00:00+03:00'), to: new Date('2026-11-29T01:00:00+03:00') }]);
    expect(show('lipetsk', addWorkingMinutes(wall, new Date('2026-11-28T23:50:00+03:00'), 30))).toBe('2026-11-29T01:20:00+03:00');
  });
});

describe('outside the production calendar', () => {
  it('fails clearly before 2025', () => {
    const r = addWorkingMinutes(cal('lipetsk'), new Date('2024-12-30T10:00:00+03:00'), 30);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'OUT_OF_CALENDAR', retriable: false });
  });
  it('fails when a term runs past 2027', () => {
    const r = addWorkingDays(cal('lipetsk'), new Date('2027-12-28T10:00:00+03:00'), 7);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toContain('2028-01-01');
  });
});

describe('zones with daylight saving (offsets remembered by quarter hour)', () => {
  // Russia keeps one offset all year; a profile may name any IANA zone, and the remembered offsets must agree with
  // Intl on both sides of a transition.
  const calendarIn = (zone: string): WorkingCalendar => {
    const made = createWorkingCalendar({
      zone,
      officeHours: { weekly: { mon: ['09:00', '18:00'], tue: ['09:00', '18:00'], wed: ['09:00', '18:00'], thu: ['09:00', '18:00'], fri: ['09:00', '18:00'] }, breaks: [['13:00', '14:00']], pre_holiday_shortened_by_minutes: 60 },
      productionCalendar: { years: { 2026: { holidays_and_days_off: [], working_weekends: [], shortened_days: [] } } },
    });
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  };

  it.each([
    ['Europe/Berlin', '2026-03-27T10:30:00+01:00', '2026-03-30T10:30:00+02:00', '2026-10-23T10:30:00+02:00', '2026-10-26T10:30:00+01:00'],
    ['America/New_York', '2026-03-06T10:30:00-05:00', '2026-03-09T10:30:00-04:00', '2026-10-30T10:30:00-04:00', '2026-11-02T10:30:00-05:00'],
  ])('%s: a working day over the spring and autumn weekends keeps the local time of day', (zone, springFrom, springTo, autumnFrom, autumnTo) => {
    const calendar = calendarIn(zone);
    const day = (from: string) => {
      const r = addWorkingDays(calendar, new Date(from), 1);
      return r.ok ? formatInZone(calendar, r.value) : r.error.code;
    };
    expect(day(springFrom)).toBe(springTo);
    expect(day(autumnFrom)).toBe(autumnTo);
  });

  it('formats every quarter hour around a transition as luxon does without the remembered offsets', () => {
    const calendar = calendarIn('Europe/Berlin');
    for (let t = Date.parse('2026-03-28T22:00:00Z'); t < Date.parse('2026-03-29T04:00:00Z'); t += 7.5 * 60_000) {
      const expected = DateTime.fromMillis(t, { zone: 'Europe/Berlin' }).toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
      expect(formatInZone(calendar, new Date(t))).toBe(expected);
    }
  });

  it('counts the working minutes of a day whose night lost an hour as of any other day', () => {
    const calendar = calendarIn('Europe/Berlin');
    const r = workingMinutesBetween(calendar, new Date('2026-03-30T00:00:00+02:00'), new Date('2026-03-31T00:00:00+02:00'));
    expect(r.ok && r.value).toBe(8 * 60);
  });
});
