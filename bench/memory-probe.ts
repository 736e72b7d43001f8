// Preloaded into each service process by bench/memory.bench.ts (`node --import tsx --import ./bench/memory-probe.ts
// services/<name>/src/main.ts`): once a second it appends the process's own memory split (V8 heap, external,
// array buffers, RSS) to $BENCH_MEMORY_PROBE_FILE, so the bench can tell the JavaScript heap from native memory
// (chDB). It changes nothing else in the service; the timer is unref'd, so it never keeps the process alive.
// With --expose-gc, SIGUSR2 makes it run a full garbage collection first and write a line marked gc: true: the heap
// the process really retains (the bench asks for it at the end of the idle phase and after the load).
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_PROBE_FILE;
if (file) {
  const write = (isAfterGc = false): void => {
    const m = process.memoryUsage();
    try {
      appendFileSync(file, `${JSON.stringify({ t: Date.now(), rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, ...(isAfterGc ? { gc: true } : {}) })}\n`);
    } catch {
      // the bench removed its directory: nothing left to report to
    }
  };
  setInterval(() => write(), Number(process.env.BENCH_MEMORY_PROBE_MS ?? '1000')).unref();
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    process.on('SIGUSR2', () => {
      gc();
      write(true);
    });
  }
}
