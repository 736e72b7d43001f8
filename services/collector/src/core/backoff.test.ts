import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryAfterMs, type BackoffPolicy } from './backoff';

const policy: BackoffPolicy = { baseMs: 1000, maxMs: 10_000, factor: 2, jitter: 'none' };

describe('backoffDelayMs', () => {
  it('doubles per attempt and stops at the ceiling', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
  it('spreads full jitter over [0, delay] by the injected random', () => {
    const full = { ...policy, jitter: 'full' as const };
    expect(backoffDelayMs(2, full, () => 0)).toBe(0);
    expect(backoffDelayMs(2, full, () => 0.25)).toBe(1000);
    expect(backoffDelayMs(2, full, () => 0.999999)).toBe(4000);
  });
  it('keeps equal jitter within the upper half of the delay', () => {
    const equal = { ...policy, jitter: 'equal' as const };
    expect(backoffDelayMs(1, equal, () => 0)).toBe(1000);
    expect(backoffDelayMs(1, equal, () => 0.5)).toBe(1500);
    expect(backoffDelayMs(1, equal, () => 1)).toBe(2000);
  });
  it('treats a negative attempt as the first', () => {
    expect(backoffDelayMs(-3, policy, () => 0)).toBe(1000);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds and HTTP dates, capped', () => {
    const now = Date.parse('2026-11-13T10:00:00Z');
    expect(retryAfterMs('3', now, 60_000)).toBe(3000);
    expect(retryAfterMs('600', now, 60_000)).toBe(60_000);
    expect(retryAfterMs('Fri, 13 Nov 2026 10:00:20 GMT', now, 60_000)).toBe(20_000);
    expect(retryAfterMs(undefined, now, 60_000)).toBeNull();
    expect(retryAfterMs('soon', now, 60_000)).toBeNull();
  });
});
