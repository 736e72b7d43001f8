// The spell checker shell: a worker thread with nspell + dictionary-ru; answers null until the dictionary is loaded.
import { Worker } from 'node:worker_threads';
import type { Misspelling } from '../core/draft-check';

export interface Speller {
  start(): void;
  /** Resolves when the dictionary is loaded (or at once when spelling is off). */
  ready(): Promise<boolean>;
  isReady(): boolean;
  /** Misspelled words, or null while the dictionary is loading / spelling is off. */
  check(words: readonly string[]): Promise<Misspelling[] | null>;
  stop(): Promise<void>;
}

export function createSpeller(options: { isEnabled: boolean; timeoutMs?: number }): Speller {
  let worker: Worker | null = null;
  let isLoaded = false;
  let nextId = 1;
  const pending = new Map<number, (m: Misspelling[] | null) => void>();
  let resolveReady: (ok: boolean) => void = () => undefined;
  const readyPromise = new Promise<boolean>((resolve) => { resolveReady = resolve; });
  if (!options.isEnabled) resolveReady(false);

  return {
    start() {
      if (!options.isEnabled || worker) return;
      worker = new Worker(new URL('./hunspell-worker.mjs', import.meta.url));
      worker.unref();
      worker.on('message', (message: { type: string; id?: number; misspellings?: Misspelling[] }) => {
        if (message.type === 'ready') { isLoaded = true; resolveReady(true); return; }
        const done = message.id !== undefined ? pending.get(message.id) : undefined;
        if (done && message.id !== undefined) { pending.delete(message.id); done(message.misspellings ?? []); }
      });
      worker.on('error', () => { isLoaded = false; resolveReady(false); for (const done of pending.values()) done(null); pending.clear(); });
    },
    ready: () => readyPromise,
    isReady: () => isLoaded,
    check(words) {
      if (!worker || !isLoaded) return Promise.resolve(null);
      if (words.length === 0) return Promise.resolve([]);
      const id = nextId++;
      const w = worker;
      return new Promise((resolve) => {
        const timer = setTimeout(() => { pending.delete(id); resolve(null); }, options.timeoutMs ?? 10_000);
        pending.set(id, (m) => { clearTimeout(timer); resolve(m); });
        w.postMessage({ id, words: words.slice(0, 2000) });
      });
    },
    async stop() {
      const w = worker;
      worker = null;
      isLoaded = false;
      for (const done of pending.values()) done(null);
      pending.clear();
      if (w) await w.terminate();
    },
  };
}
