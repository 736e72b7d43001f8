// Time as a dependency: core code takes a Clock, so tests can fix or advance it.
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
export function fixedClock(at: Date | string): Clock & { set(at: Date | string): void; advanceMs(ms: number): void } {
  let current = new Date(at);
  return {
    now: () => new Date(current),
    set: (next) => { current = new Date(next); },
    advanceMs: (ms) => { current = new Date(current.getTime() + ms); },
  };
}
