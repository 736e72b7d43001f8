// Per-source counters: posts, errors by kind, ingestion latency (published → collected), median and last.
export interface SourceStats {
  collected: number;
  polls: number;
  duplicates: number;
  errors: Record<string, number>;
  lastError: { code: string; message: string; at: string } | null;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  latencyMs: { last: number | null; median: number | null };
}

export interface LatencyWindow {
  readonly size: number;
  values: number[];
}

export const newLatencyWindow = (size = 501): LatencyWindow => ({ size, values: [] });

export function addLatency(window: LatencyWindow, ms: number): LatencyWindow {
  const values = [...window.values, ms];
  return { size: window.size, values: values.length > window.size ? values.slice(values.length - window.size) : values };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Milliseconds from publication to collection; never negative (clock skew). */
export function ingestLatencyMs(publishedAt: string, collectedAt: string): number {
  return Math.max(0, Date.parse(collectedAt) - Date.parse(publishedAt));
}
