// The classifier service as its tests run it: a chDB store in a temp dir, a memory bus, and what it published on
// the classified, rejected and dead-letter topics, gathered in order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { Bus } from '@cur/shared/bus/bus';
import { createMemoryBus, type MemoryBusOptions } from '@cur/shared/bus/memory-bus';
import { fixedClock } from '@cur/shared/clock';
import { ClassifiedPost, DeadLetter, RejectedPost, Topics } from '@cur/shared/contracts/index';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService, type ClassifierInternals, type ClassifierService } from '../src/classifier';
import type { ClassifierConfigInput } from '../src/config';

export interface ClassifierRig {
  store: Store;
  bus: Bus;
  service: ClassifierService;
  classified: ClassifiedPost[];
  rejected: RejectedPost[];
  deadLetters: DeadLetter[];
  /** Stops the service, closes bus and store, removes the directory. */
  stop(): Promise<void>;
}

export interface ClassifierRigOptions {
  /** The consumer group of the service, also the temp directory's prefix. */
  name: string;
  config?: ClassifierConfigInput;
  internals?: ClassifierInternals;
  bus?: Partial<MemoryBusOptions>;
  /** Runs on the migrated store before the service starts (rows its warm-up must see). */
  beforeStart?: (store: Store) => Promise<void>;
}

export async function startClassifierRig(options: ClassifierRigOptions): Promise<ClassifierRig> {
  const dir = mkdtempSync(join(tmpdir(), `${options.name}-`));
  const clock = fixedClock('2026-11-20T09:00:00Z');
  const logger = pino({ level: 'silent' });
  const store = await openStore({ dataDir: dir });
  await migrate(store);
  await options.beforeStart?.(store);
  const bus = createMemoryBus({ logger, retryBaseMs: 5, retryMaxMs: 20, now: () => clock.now(), ...options.bus });
  const rig = { store, bus, classified: [] as ClassifiedPost[], rejected: [] as RejectedPost[], deadLetters: [] as DeadLetter[] };
  await bus.subscribe({ topic: Topics.postsClassified, groupId: 'test-classified', schema: ClassifiedPost, handler: async (m) => { rig.classified.push(m.value); } });
  await bus.subscribe({ topic: Topics.postsRejected, groupId: 'test-rejected', schema: RejectedPost, handler: async (m) => { rig.rejected.push(m.value); } });
  await bus.subscribe({ topic: Topics.deadLetter, groupId: 'test-dl', schema: DeadLetter, handler: async (m) => { rig.deadLetters.push(m.value); } });
  const service = createClassifierService({ bus, store, logger, clock }, { groupId: options.name, ...options.config }, options.internals);
  await service.start();
  return {
    ...rig,
    service,
    async stop() {
      await service.stop();
      await bus.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
