import { describe, expect, it } from 'vitest';
import { budgetDayStart, minIntervalSec, nextBudgetDay, pacedAllowance, remainingCalls, trySpend, usableCalls, type DailyBudget } from './budget';

const wallGet: DailyBudget = { cap: 5000, reserveFraction: 0.1, burst: 50, resetOffsetMin: 180 };
const at = (iso: string): number => Date.parse(iso);

describe('daily budget', () => {
  it('starts the day at midnight of the configured zone', () => {
    // 02:30 Moscow is still the day that began at 00:00 Moscow = 21:00 UTC the day before.
    expect(new Date(budgetDayStart(at('2026-11-12T23:30:00Z'), 180)).toISOString()).toBe('2026-11-12T21:00:00.000Z');
    expect(new Date(nextBudgetDay(at('2026-11-12T20:59:00Z'), 180)).toISOString()).toBe('2026-11-12T21:00:00.000Z');
  });

  it('plans the cap minus the reserve', () => {
    expect(usableCalls(wallGet)).toBe(4500);
  });

  it('allows the burst right after the reset and half the usable calls at midday', () => {
    expect(pacedAllowance(wallGet, at('2026-11-12T21:00:00Z'))).toBe(50);
    expect(pacedAllowance(wallGet, at('2026-11-13T09:00:00Z'))).toBe(50 + 2250);
    expect(pacedAllowance(wallGet, at('2026-11-13T20:59:59Z'))).toBeCloseTo(4500, 0);
  });

  it('refuses a call ahead of the pace and says when it will be allowed', () => {
    const start = at('2026-11-12T21:00:00Z');
    let state = null;
    for (let i = 0; i < 50; i += 1) {
      const d = trySpend(wallGet, state, start);
      expect(d.ok).toBe(true);
      if (d.ok) state = d.state;
    }
    const refused = trySpend(wallGet, state, start);
    expect(refused).toEqual({ ok: false, reason: 'paced', retryAtMs: start + Math.ceil((1 / 4500) * 86_400_000) });
    const later = trySpend(wallGet, state, refused.ok ? 0 : refused.retryAtMs);
    expect(later.ok).toBe(true);
  });

  it('refuses for the rest of the day when the usable calls are spent, and resets the next day', () => {
    const late = at('2026-11-13T20:59:00Z');
    const spent = { dayStartMs: budgetDayStart(late, 180), spent: 4500 };
    expect(trySpend(wallGet, spent, late)).toEqual({ ok: false, reason: 'exhausted', retryAtMs: at('2026-11-13T21:00:00Z') });
    expect(remainingCalls(wallGet, spent, late)).toBe(0);
    const next = trySpend(wallGet, spent, at('2026-11-13T21:00:01Z'));
    expect(next.ok && next.state.spent).toBe(1);
  });

  it('spreads the budget over the sources: 10 search sources share 900 calls = one poll per 16 minutes each', () => {
    const search: DailyBudget = { cap: 1000, reserveFraction: 0.1, burst: 20, resetOffsetMin: 180 };
    expect(minIntervalSec(search, 10, 1)).toBe(960);
    expect(minIntervalSec(wallGet, 30, 2)).toBe(1152);
    expect(minIntervalSec({ ...search, cap: 0 }, 1, 1)).toBe(Number.POSITIVE_INFINITY);
  });
});
