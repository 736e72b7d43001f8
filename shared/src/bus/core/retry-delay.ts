// How long to wait before the next handler attempt: exponential from a base, capped.

export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failure the message is dead-lettered. */
  maxAttempts: number;
  /** Pause after the first failure; doubles after each further failure. */
  baseMs: number;
  /** Upper bound of a single pause. */
  maxMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseMs: 200, maxMs: 10_000 };

/** The pause after `failedAttempts` failures (1 = after the first failure). */
export function retryDelayMs(failedAttempts: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs'>): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(exponent, 30));
}
