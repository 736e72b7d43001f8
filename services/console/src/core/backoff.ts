// Retry delays of the outbox: exponential, capped, never giving up.

/** Delay before attempt number `attempt + 1`, after `attempt` failures (1-based). */
export function retryDelayMs(attempt: number, baseDelayMs: number, maxDelayMs: number): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(exponent, 40));
}

/** A 4xx answer other than timeout/too-many means the receiver will never take this payload. */
export function isRetriableStatus(status: number): boolean {
  if (status >= 200 && status < 300) return false;
  if (status === 408 || status === 425 || status === 429) return true;
  return status < 400 || status >= 500;
}
