// A per-client token bucket: a steady rate with a burst of one minute's worth.

export interface RateLimiter {
  /** true = allowed; false = over the limit. */
  take(client: string, nowMs: number): boolean;
  retryAfterSec(client: string, nowMs: number): number;
}

export function createRateLimiter(perMinute: number, maxClients = 10_000): RateLimiter {
  const refillPerMs = perMinute / 60_000;
  const buckets = new Map<string, { tokens: number; atMs: number }>();
  const refill = (client: string, nowMs: number) => {
    let b = buckets.get(client);
    if (!b) {
      if (buckets.size >= maxClients) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      b = { tokens: perMinute, atMs: nowMs };
      buckets.set(client, b);
    }
    b.tokens = Math.min(perMinute, b.tokens + Math.max(0, nowMs - b.atMs) * refillPerMs);
    b.atMs = nowMs;
    return b;
  };
  return {
    take(client, nowMs) {
      const b = refill(client, nowMs);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    retryAfterSec(client, nowMs) {
      const b = refill(client, nowMs);
      return Math.max(1, Math.ceil((1 - b.tokens) / refillPerMs / 1000));
    },
  };
}
