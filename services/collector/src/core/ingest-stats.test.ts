import { describe, expect, it } from 'vitest';
import { addLatency, ingestLatencyMs, median, newLatencyWindow } from './ingest-stats';

describe('ingest latency', () => {
  it('takes the median of odd and even windows', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(3);
  });
  it('keeps only the last values of a bounded window', () => {
    let w = newLatencyWindow(3);
    for (const v of [1, 2, 3, 4]) w = addLatency(w, v);
    expect(w.values).toEqual([2, 3, 4]);
  });
  it('measures published → collected and clamps skew to zero', () => {
    expect(ingestLatencyMs('2026-11-13T10:00:00Z', '2026-11-13T10:05:00+00:00')).toBe(300_000);
    expect(ingestLatencyMs('2026-11-13T10:05:00Z', '2026-11-13T10:00:00Z')).toBe(0);
  });
});
