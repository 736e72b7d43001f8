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

interface Waiting { resolve: (verdicts: Verdict[]) => void; reject: (error: Error) => void; timer?: NodeJS.Timeout }

/** `entry`: the worker's module (a test gives one that wraps worker-entry.ts). */
export function createWorkerEngine(config: ClassifierConfig, loadWarm: () => Promise<WarmData>, logger: Logger, entry = ENTRY): ClassifierEngine {
  let worker: Worker | null = null;
  let ready: Promise<Worker> | null = null;
  let closing = false;
  let nextId = 1;
  let started = 0;
  /** Why a worker ended, for the error of the batches it leaves unanswered. */
  const endedBecause = new WeakMap<Worker, string>();
  const waiting = new Map<number, Waiting>();
  const stats: EngineStats = { historyPosts: 0, baselineSources: 0, restarts: 0 };

  function failAll(error: Error): void {
    for (const w of waiting.values()) {
      clearTimeout(w.timer);
      w.reject(error);
    }
    waiting.clear();
  }

  /** A batch must be answered within workerBatchTimeoutMs (warming has no limit: it is one message at start). */
  function send(to: Worker, message: ToWorker, onTimeout?: () => void): Promise<Verdict[]> {
    return new Promise<Verdict[]>((resolve, reject) => {
      const timer = onTimeout ? setTimeout(onTimeout, config.workerBatchTimeoutMs) : undefined;
      timer?.unref();
      waiting.set(message.id, { resolve, reject, timer });
      to.ref(); // an idle worker does not keep the process alive; one with work does
      to.postMessage(message);
    });
  }

  async function spawn(): Promise<Worker> {
    const warm = await loadWarm();
    // No flags of the parent (execArgv: []): a preloaded module of the service's command line (a probe, an APM agent)
    // may do what a worker may not (signal handlers), and the boot file registers tsx itself.
    const w = new Worker(BOOT, { workerData: { entry, config }, execArgv: [] });
    if (started++ > 0) stats.restarts++;
    worker = w;
    w.on('message', (reply: FromWorker) => {
      const waiter = waiting.get(reply.id);
      if (!waiter) return;
      waiting.delete(reply.id);
      clearTimeout(waiter.timer);
      if (waiting.size === 0) w.unref();
      if (reply.type === 'done') {
        stats.historyPosts = reply.historyPosts;
        stats.baselineSources = reply.baselineSources;
        waiter.resolve(reply.verdicts);
      } else waiter.reject(new Error(`classifying failed in the worker: ${reply.message}`));
    });
    w.on('error', (error: Error) => {
      endedBecause.set(w, error.message);
      logger.error({ event: 'classifier.worker_failed', err: error }, 'the classifier worker thread failed');
    });
    w.on('exit', (code) => {
      // A closed worker (close() fails its batches itself) must touch neither the state nor the batches of the one
      // that may be starting since.
      if (worker !== w) return;
      worker = null;
      ready = null;
      const reason = endedBecause.get(w);
      failAll(new Error(`the classifier worker thread exited (code ${code})${reason ? `: ${reason}` : ''}`));
      logger.warn({ event: 'classifier.worker_exited', code }, 'classifier worker exited; the next batch starts a new one');
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
      // A runaway pattern cannot be interrupted but by ending the thread; the batches it holds then fail (on exit).
      const hung = (): void => {
        endedBecause.set(w, `no answer to a batch within ${config.workerBatchTimeoutMs} ms`);
        logger.error({ event: 'classifier.worker_hung', timeoutMs: config.workerBatchTimeoutMs, posts: posts.length }, 'the classifier worker did not answer a batch in time; ending it');
        void w.terminate();
      };
      return send(w, { type: 'classify', id: nextId++, posts: [...posts], nowMs: now.getTime() }, hung);
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
