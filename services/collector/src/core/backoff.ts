// Exponential backoff with jitter: how long to wait before attempt n, given an injectable random source.
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  baseMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
  /** Growth per attempt (2 = doubling). */
  factor: number;
  /** 'full': uniform in [0, d]; 'equal': d/2 + uniform in [0, d/2] (never near zero). */
  jitter: 'full' | 'equal' | 'none';
}

export const defaultBackoff: BackoffPolicy = { baseMs: 500, maxMs: 30_000, factor: 2, jitter: 'equal' };

/** Delay before retry number `attempt` (0 = the first retry). `random` returns a number in [0, 1). */
export function backoffDelayMs(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const ceiling = Math.min(policy.maxMs, policy.baseMs * policy.factor ** exponent);
  const r = Math.min(Math.max(random(), 0), 1);
  switch (policy.jitter) {
    case 'none':
      return Math.round(ceiling);
    case 'full':
      return Math.round(ceiling * r);
    case 'equal':
      return Math.round(ceiling / 2 + (ceiling / 2) * r);
  }
}

/** A server's Retry-After header (seconds or an HTTP date) as a delay, capped; null when absent or unreadable. */
export function retryAfterMs(header: string | undefined, nowMs: number, maxMs: number): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxMs);
  const at = Date.parse(header);
  if (Number.isNaN(at)) return null;
  return Math.min(Math.max(0, at - nowMs), maxMs);
}
