// Small statistics for benchmarks: medians and percentiles over repeated runs.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
export const median = (values: readonly number[]): number => percentile(values, 50);

export interface BenchResult {
  name: string;
  /** What was measured, with its unit in the key: postsPerSec, medianMs, p99Ms, rssMiB... */
  figures: Record<string, number>;
  notes?: string;
}

/** Each bench process prints exactly one line like this on stdout; the runner collects them. */
export function report(result: BenchResult): void {
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

export async function timeRuns(runs: number, fn: () => Promise<void> | void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times;
}
