// Classification on a worker thread. The service's JS thread also runs the bus clients, the store's client and the
// other stages of the embedded runtime, and it was the bottleneck of the pipeline; classifying is pure CPU on plain
// data, so it moves to a second thread and the two run on both cores.
//
// One worker, batches in the order they are handed over (the repeat history depends on that order). If the worker
// dies, the batches waiting on it fail (the bus retries them) and the next batch starts a new worker, warmed again
// from the posts table.
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { ClassifierConfig } from '../config';
import type { Verdict } from '../core/classifier-state';
import type { ClassifierEngine, EngineStats, WarmData } from './engine';
import type { FromWorker, ToWorker } from './worker-entry';

const BOOT = new URL('./worker-boot.mjs', import.meta.url);
const ENTRY = new URL('./worker-entry.ts', import.meta.url).href;

interface Waiting { resolve: (verdicts: Verdict[]) => void; reject: (error: Error) => void }

/** `entry`: the worker's module (a test gives one that wraps worker-entry.ts). */
export function createWorkerEngine(config: ClassifierConfig, loadWarm: () => Promise<WarmData>, logger: Logger, entry = ENTRY): ClassifierEngine {
  let worker: Worker | null = null;
  let ready: Promise<Worker> | null = null;
  let closing = false;
  let nextId = 1;
  let started = 0;
  const waiting = new Map<number, Waiting>();
  const stats: EngineStats = { historyPosts: 0, baselineSources: 0, restarts: 0 };

  function failAll(error: Error): void {
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
  }

  function send(to: Worker, message: ToWorker): Promise<Verdict[]> {
    return new Promise<Verdict[]>((resolve, reject) => {
      waiting.set(message.id, { resolve, reject });
      to.ref(); // an idle worker does not keep the process alive; one with work does
      to.postMessage(message);
    });
  }

  async function spawn(): Promise<Worker> {
    const warm = await loadWarm();
    // No flags of the parent (execArgv: []): a preloaded module of the service's command line (a probe, an APM agent)
    // may do what a worker may not (signal handlers), and the boot file registers tsx itself.
    const w = new Worker(BOOT, { workerData: { entry, config }, execArgv: [] });
    let failure = '';
    if (started++ > 0) stats.restarts++;
    worker = w;
    w.on('message', (reply: FromWorker) => {
      const waiter = waiting.get(reply.id);
      if (!waiter) return;
      waiting.delete(reply.id);
      if (waiting.size === 0) w.unref();
      if (reply.type === 'done') {
        stats.historyPosts = reply.historyPosts;
        stats.baselineSources = reply.baselineSources;
        waiter.resolve(reply.verdicts);
      } else waiter.reject(new Error(`classifying failed in the worker: ${reply.message}`));
    });
    w.on('error', (error: Error) => {
      failure = `: ${error.message}`;
      logger.error({ event: 'classifier.worker_failed', err: error }, 'the classifier worker thread failed');
    });
    w.on('exit', (code) => {
      if (worker === w) { worker = null; ready = null; }
      failAll(new Error(`the classifier worker thread exited (code ${code})${failure}`));
      if (!closing) logger.warn({ event: 'classifier.worker_exited', code }, 'classifier worker exited; the next batch starts a new one');
    });
    await send(w, { type: 'warm', id: nextId++, warm });
    return w;
  }

  function current(): Promise<Worker> {
    if (closing) return Promise.reject(new Error('the classifier engine is closed'));
    if (!ready) {
      ready = spawn();
      // A failed start (store unreadable, worker died while warming) is retried by the next call.
      ready.catch(() => { ready = null; });
    }
    return ready;
  }

  return {
    kind: 'worker',
    async start() {
      closing = false;
      await current();
    },
    async classifyBatch(posts, now) {
      if (posts.length === 0) return [];
      const w = await current();
      return send(w, { type: 'classify', id: nextId++, posts: [...posts], nowMs: now.getTime() });
    },
    stats: () => ({ ...stats }),
    async close() {
      closing = true;
      const w = worker;
      worker = null;
      ready = null;
      if (w) await w.terminate();
      failAll(new Error('the classifier engine is closed'));
    },
  };
}
