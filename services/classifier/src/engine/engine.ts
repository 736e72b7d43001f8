// Where posts are classified. The classifier service hands a batch to an engine and gets the verdicts back in order;
// the engine keeps the history and baselines. Inline runs on the service's own JS thread; the worker engine
// (worker-engine.ts) runs the same state on a worker thread, so the JS thread keeps the bus and the store.
import type { RawPost } from '@cur/shared/contracts/index';
import { createTimeSlicer } from '@cur/shared/time-slicer';
import type { ClassifierConfig } from '../config';
import { createClassifierState, type Verdict, type WarmPost } from '../core/classifier-state';

/** What the posts table remembers at start: recent posts for the repeat history, engagement baselines per source. */
export interface WarmData {
  posts: WarmPost[];
  baselines: Array<[string, number]>;
}

export interface EngineStats {
  historyPosts: number;
  baselineSources: number;
  /** Worker threads started after the first (each after one exited); 0 inline. */
  restarts: number;
}

export interface ClassifierEngine {
  readonly kind: 'inline' | 'worker';
  /** Loads the warm data and gets ready; a failure here fails the service's start. */
  start(): Promise<void>;
  /** The verdicts of a batch, in its order; each post sees the history of every post before it. */
  classifyBatch(posts: readonly RawPost[], now: Date): Promise<Verdict[]>;
  stats(): EngineStats;
  close(): Promise<void>;
}

/** On the caller's thread; a long batch yields to the event loop every few ms (time-slicer.ts). */
export function createInlineEngine(config: ClassifierConfig, loadWarm: () => Promise<WarmData>): ClassifierEngine {
  const state = createClassifierState(config);
  return {
    kind: 'inline',
    async start() {
      const warm = await loadWarm();
      state.warm(warm.posts, warm.baselines);
    },
    async classifyBatch(posts, now) {
      const slicer = createTimeSlicer();
      const verdicts: Verdict[] = [];
      for (const post of posts) {
        if (slicer.due()) await slicer.pause();
        verdicts.push(state.classify(post, now));
      }
      return verdicts;
    },
    stats: () => ({ historyPosts: state.historySize(), baselineSources: state.baselineSources(), restarts: 0 }),
    async close() {},
  };
}
