import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay';

describe('retryDelayMs', () => {
  it('doubles from the base after each failure', () => {
    const policy = { baseMs: 100, maxMs: 10_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, policy))).toEqual([100, 200, 400, 800]);
  });

  it('never exceeds the cap, even after very many failures', () => {
    expect(retryDelayMs(12, { baseMs: 100, maxMs: 5_000 })).toBe(5_000);
    expect(retryDelayMs(10_000, { baseMs: 100, maxMs: 5_000 })).toBe(5_000);
  });
});
