// When each source is due: after success its interval, after a failure a backoff, never before a block lifts.
import { backoffDelayMs, type BackoffPolicy } from './backoff';

export interface ScheduleEntry {
  sourceId: string;
  nextDueMs: number;
  /** Consecutive failed polls, for the backoff. */
  failures: number;
}

/** Sources due at `nowMs`, the longest-waiting first. */
export function dueSources(entries: readonly ScheduleEntry[], nowMs: number): string[] {
  return entries
    .filter((e) => e.nextDueMs <= nowMs)
    .sort((a, b) => a.nextDueMs - b.nextDueMs || a.sourceId.localeCompare(b.sourceId))
    .map((e) => e.sourceId);
}

/** The earliest due time among the entries, or null when there are none. */
export function nextWakeMs(entries: readonly ScheduleEntry[]): number | null {
  let min: number | null = null;
  for (const e of entries) if (Number.isFinite(e.nextDueMs) && (min === null || e.nextDueMs < min)) min = e.nextDueMs;
  return min;
}

export function afterSuccess(entry: ScheduleEntry, nowMs: number, intervalSec: number): ScheduleEntry {
  return { ...entry, failures: 0, nextDueMs: nowMs + intervalSec * 1000 };
}

/**
 * After a failed poll: retry after a backoff (growing with consecutive failures, never longer than the
 * normal interval for a retriable error), but not before `notBeforeMs` (a platform block or the circuit).
 */
export function afterFailure(
  entry: ScheduleEntry,
  nowMs: number,
  options: { intervalSec: number; retriable: boolean; notBeforeMs?: number | undefined; policy: BackoffPolicy; random: () => number },
): ScheduleEntry {
  const failures = entry.failures + 1;
  const backoff = backoffDelayMs(failures - 1, options.policy, options.random);
  const delay = options.retriable ? Math.min(backoff, options.intervalSec * 1000) : Math.max(backoff, options.intervalSec * 1000);
  const nextDueMs = Math.max(nowMs + delay, options.notBeforeMs ?? 0);
  return { ...entry, failures, nextDueMs };
}
