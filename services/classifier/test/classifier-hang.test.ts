// A post that hangs the classifier's worker thread every time (a runaway pattern on a hostile text) ends as a dead
// letter with the reason, and the posts around it are classified: the service does not freeze.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '@cur/shared/bus/bus';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { fixedClock } from '@cur/shared/clock';
import { ClassifiedPost, DeadLetter, Topics } from '@cur/shared/contracts/index';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { eventually } from '@cur/shared/testing/eventually';
import { createClassifierService, type ClassifierService } from '../src/classifier';
import { rawPost } from './raw-post';

const dir = mkdtempSync(join(tmpdir(), 'classifier-hang-test-'));
const clock = fixedClock('2026-11-20T09:00:00Z');
const logger = pino({ level: 'silent' });
const exitingEntry = new URL('./fixtures/exiting-worker-entry.ts', import.meta.url).href;
let store: Store;
let bus: Bus;
let service: ClassifierService;
const classified: ClassifiedPost[] = [];
const deadLetters: DeadLetter[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = createMemoryBus({ logger, retryBaseMs: 5, retryMaxMs: 20, maxHandlerAttempts: 2, now: () => clock.now() });
  await bus.subscribe({ topic: Topics.postsClassified, groupId: 'test-classified', schema: ClassifiedPost, handler: async (m) => { classified.push(m.value); } });
  await bus.subscribe({ topic: Topics.deadLetter, groupId: 'test-dl', schema: DeadLetter, handler: async (m) => { deadLetters.push(m.value); } });
  service = createClassifierService({ bus, store, logger, clock }, { groupId: 'classifier-hang-test', workerBatchTimeoutMs: 500 }, { workerEntry: exitingEntry });
  await service.start();
}, 120_000);

afterAll(async () => {
  await service.stop();
  await bus.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('classifier: a post that hangs its worker', () => {
  it('is dead-lettered with the reason, and the posts before and after it are classified', async () => {
    const posts = [
      rawPost(700, 1, 'Во дворе на Гагарина не горят фонари, вечером темно'),
      rawPost(700, 2, 'hang now'),
      rawPost(700, 3, 'Дорогу на Московской разбили, яма на яме'),
    ];
    // One key, so the three are one partition's batch, in order.
    await bus.publish(Topics.postsRaw, posts.map((value) => ({ key: 'same-key', value })));
    await eventually(() => deadLetters.length === 1 && classified.length === 2, 'one dead letter, two classified', { timeoutMs: 60_000 });
    expect(deadLetters[0]?.error).toMatch(/no answer to a batch within 500 ms/);
    expect(deadLetters[0]?.value).toContain('vk:-700:2');
    expect(classified.map((c) => c.post.uid).sort()).toEqual(['vk:-700:1', 'vk:-700:3']);
    expect(Number(service.health().details?.restarts)).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
