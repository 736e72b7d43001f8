// Requests per second per token: each request reserves the next free slot, spaced 1/rate apart.

/** The moment the next request may go, given the last reserved slot. */
export function reserveSlot(lastSlotMs: number | null, nowMs: number, perSec: number): number {
  if (perSec <= 0 || lastSlotMs === null) return nowMs;
  return Math.max(nowMs, lastSlotMs + 1000 / perSec);
}
