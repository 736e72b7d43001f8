// A shared/exclusive gate: batches of different partitions run side by side (shared), while work that touches
// every incident of a region — an outage, the timer — runs alone (exclusive). A waiting exclusive piece of work
// lets no new shared work start, so the timer is never starved by a steady stream of batches.
export interface Gate {
  shared<T>(work: () => Promise<T>): Promise<T>;
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Resolves once nothing runs or waits (at the moment of the call). */
  idle(): Promise<void>;
}

export function createGate(): Gate {
  let active = 0;
  let onIdle: (() => void)[] = [];
  /** Set while an exclusive piece of work waits or runs: shared work waits for it. */
  let held: Promise<void> | null = null;
  let tail: Promise<void> = Promise.resolve();
  const sharedRuns = new Set<Promise<unknown>>();

  const whenNoShared = (): Promise<void> => (active === 0 ? Promise.resolve() : new Promise((resolve) => onIdle.push(resolve)));

  return {
    async shared<T>(work: () => Promise<T>): Promise<T> {
      while (held) await held;
      active++;
      const run = (async () => work())();
      sharedRuns.add(run);
      try {
        return await run;
      } finally {
        sharedRuns.delete(run);
        active--;
        if (active === 0) {
          const waiting = onIdle;
          onIdle = [];
          for (const resolve of waiting) resolve();
        }
      }
    },
    exclusive<T>(work: () => Promise<T>): Promise<T> {
      let release!: () => void;
      const mine = new Promise<void>((resolve) => { release = resolve; });
      const previous = tail;
      tail = mine;
      held = mine;
      const run = (async () => {
        await previous;
        held = mine; // a later exclusive may have replaced it meanwhile; either way shared work keeps waiting
        try {
          await whenNoShared();
          return await work();
        } finally {
          if (tail === mine) held = null;
          release();
        }
      })();
      return run;
    },
    async idle(): Promise<void> {
      await Promise.allSettled([...sharedRuns, tail]);
    },
  };
}
