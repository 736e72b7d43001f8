// Test wiring: a real memory bus and a fake clock around the collector, with logs captured as JSON lines.
import { Writable } from 'node:stream';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { fixedClock } from '@cur/shared/clock';
import { RawPost, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import type { Store } from '@cur/shared/store/clickhouse';
import { createCollectorService, type CollectorConfig, type CollectorRuntime } from '../src/collector';
import { noCredentials, type Credentials } from '../src/env';
import { createMemoryCursorStore } from '../src/store/cursor-store';
import { createMemorySeenStore } from '../src/store/seen-store';

export const testNow = '2026-11-13T12:00:00.000Z';

export function captureLogs() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ name: 'test', level: 'debug', destination: stream }), lines };
}

/** Everything published to posts.raw, read back through a real subscription. */
export async function collectRaw(bus: Bus, groupId: string): Promise<{ posts: RawPost[]; stop(): Promise<void> }> {
  const posts: RawPost[] = [];
  const sub = await bus.subscribe({ topic: Topics.postsRaw, groupId, schema: RawPost, handler: async (m) => { posts.push(m.value); } });
  return { posts, stop: () => sub.stop() };
}

export const waitFor = async (check: () => boolean, timeoutMs = 5000): Promise<void> => {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

export interface Harness {
  bus: Bus;
  clock: ReturnType<typeof fixedClock>;
  logs: Array<Record<string, unknown>>;
  sleeps: number[];
  service: ReturnType<typeof createCollectorService>;
}

/** A collector on a memory bus, a fake clock, injected sleeps (which advance the clock) and in-memory stores. */
export function makeCollector(config: CollectorConfig, options: { credentials?: Credentials; store?: Store; runtime?: CollectorRuntime; bus?: Bus } = {}): Harness {
  const clock = fixedClock(testNow);
  const { logger, lines } = captureLogs();
  const bus = options.bus ?? createMemoryBus({ logger });
  const sleeps: number[] = [];
  const service = createCollectorService(
    { bus, store: options.store ?? ({} as Store), logger, clock },
    config,
    {
      credentials: options.credentials ?? noCredentials,
      sleep: async (ms) => { sleeps.push(ms); clock.advanceMs(ms); },
      random: () => 0.5,
      ...(options.store ? {} : { cursorStore: createMemoryCursorStore(), seenStore: createMemorySeenStore() }),
      ...options.runtime,
    },
  );
  return { bus, clock, logs: lines, sleeps, service };
}
