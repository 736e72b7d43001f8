// Lookups by key from concurrent callers (the batches of several partitions) merged into one query: a caller's
// keys join the next query that has not started yet; while one runs, the keys asked meanwhile wait and go out
// together when it ends. A query is never shared with a caller that asked after it started, so each caller sees
// the store as it was when it asked, or later.

export type Lookup<V> = (keys: readonly string[]) => Promise<Map<string, V>>;

/** Wraps `fetch` (one query for many keys; absent keys left out of its map) so that concurrent calls share one. */
export function createBatchedLookup<V>(fetch: Lookup<V>): Lookup<V> {
  let pending: { keys: Set<string>; waiters: { keys: readonly string[]; resolve: (m: Map<string, V>) => void; reject: (e: unknown) => void }[] } | null = null;
  let running = false;

  async function run(): Promise<void> {
    if (running || !pending) return;
    running = true;
    const batch = pending;
    pending = null;
    try {
      const found = await fetch([...batch.keys]);
      for (const waiter of batch.waiters) {
        const own = new Map<string, V>();
        for (const key of waiter.keys) {
          const value = found.get(key);
          if (value !== undefined) own.set(key, value);
        }
        waiter.resolve(own);
      }
    } catch (error) {
      for (const waiter of batch.waiters) waiter.reject(error);
    } finally {
      running = false;
      void run();
    }
  }

  return (keys) => {
    if (keys.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      pending ??= { keys: new Set(), waiters: [] };
      for (const key of keys) pending.keys.add(key);
      pending.waiters.push({ keys, resolve, reject });
      // Callers of the same tick join before it starts.
      queueMicrotask(() => void run());
    });
  };
}
