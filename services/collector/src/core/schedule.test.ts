import { describe, expect, it } from 'vitest';
import { afterFailure, afterSuccess, dueSources, nextWakeMs, type ScheduleEntry } from './schedule';

const policy = { baseMs: 1000, maxMs: 600_000, factor: 2, jitter: 'none' as const };

describe('schedule', () => {
  const entries: ScheduleEntry[] = [
    { sourceId: 'b', nextDueMs: 100, failures: 0 },
    { sourceId: 'a', nextDueMs: 50, failures: 0 },
    { sourceId: 'c', nextDueMs: 500, failures: 0 },
  ];

  it('lists the due sources, the longest waiting first', () => {
    expect(dueSources(entries, 100)).toEqual(['a', 'b']);
    expect(dueSources(entries, 10)).toEqual([]);
    expect(nextWakeMs(entries)).toBe(50);
    expect(nextWakeMs([])).toBeNull();
  });

  it('waits the interval after a success', () => {
    expect(afterSuccess({ sourceId: 'a', nextDueMs: 0, failures: 4 }, 1000, 60)).toEqual({ sourceId: 'a', nextDueMs: 61_000, failures: 0 });
  });

  it('backs off retriable failures, growing but never past the interval', () => {
    let e: ScheduleEntry = { sourceId: 'a', nextDueMs: 0, failures: 0 };
    const delays: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      e = afterFailure(e, 0, { intervalSec: 60, retriable: true, policy, random: () => 0 });
      delays.push(e.nextDueMs);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('waits at least the interval after a non-retriable failure, and never before a block lifts', () => {
    const e = { sourceId: 'a', nextDueMs: 0, failures: 0 };
    expect(afterFailure(e, 0, { intervalSec: 300, retriable: false, policy, random: () => 0 }).nextDueMs).toBe(300_000);
    expect(afterFailure(e, 0, { intervalSec: 60, retriable: true, notBeforeMs: 3_600_000, policy, random: () => 0 }).nextDueMs).toBe(3_600_000);
  });
});
