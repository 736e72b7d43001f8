// The classifier's worker thread: one ClassifierState, fed by worker-engine.ts. Messages are handled one at a time,
// in the order they arrive, so the history sees posts in the order the service handed them over.
import { parentPort, workerData } from 'node:worker_threads';
import type { RawPost } from '@cur/shared/contracts/index';
import type { ClassifierConfig } from '../config';
import { createClassifierState, type Verdict } from '../core/classifier-state';
import type { WarmData } from './engine';

export type ToWorker =
  | { type: 'warm'; id: number; warm: WarmData }
  | { type: 'classify'; id: number; posts: RawPost[]; nowMs: number };

export type FromWorker =
  | { type: 'done'; id: number; verdicts: Verdict[]; historyPosts: number; baselineSources: number }
  | { type: 'failed'; id: number; message: string };

const port = parentPort;
if (!port) throw new Error('worker-entry.ts runs only as a worker thread');
const state = createClassifierState((workerData as { config: ClassifierConfig }).config);

port.on('message', (message: ToWorker) => {
  let reply: FromWorker;
  try {
    let verdicts: Verdict[] = [];
    if (message.type === 'warm') state.warm(message.warm.posts, message.warm.baselines);
    else {
      const now = new Date(message.nowMs);
      verdicts = message.posts.map((post) => state.classify(post, now));
    }
    reply = { type: 'done', id: message.id, verdicts, historyPosts: state.historySize(), baselineSources: state.baselineSources() };
  } catch (error) {
    reply = { type: 'failed', id: message.id, message: (error as Error).message };
  }
  port.postMessage(reply);
});
