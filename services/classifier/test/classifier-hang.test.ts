// A post that hangs the classifier's worker thread every time (a runaway pattern on a hostile text) ends as a dead
// letter with the reason, and the posts around it are classified: the service does not freeze.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Topics } from '@cur/shared/contracts/index';
import { eventually } from '@cur/shared/testing/eventually';
import { rawPost } from './raw-post';
import { startClassifierRig, type ClassifierRig } from './service-rig';

const exitingEntry = new URL('./fixtures/exiting-worker-entry.ts', import.meta.url).href;
let rig: ClassifierRig;

beforeAll(async () => {
  rig = await startClassifierRig({
    name: 'classifier-hang-test', config: { workerBatchTimeoutMs: 500 }, internals: { workerEntry: exitingEntry }, bus: { maxHandlerAttempts: 2 },
  });
}, 120_000);

afterAll(() => rig.stop());

describe('classifier: a post that hangs its worker', () => {
  it('is dead-lettered with the reason, and the posts before and after it are classified', async () => {
    const posts = [
      rawPost(700, 1, 'Во дворе на Гагарина не горят фонари, вечером темно'),
      rawPost(700, 2, 'hang now'),
      rawPost(700, 3, 'Дорогу на Московской разбили, яма на яме'),
    ];
    // One key, so the three are one partition's batch, in order.
    await rig.bus.publish(Topics.postsRaw, posts.map((value) => ({ key: 'same-key', value })));
    await eventually(() => rig.deadLetters.length === 1 && rig.classified.length === 2, 'one dead letter, two classified', { timeoutMs: 60_000 });
    expect(rig.deadLetters[0]?.error).toMatch(/no answer to a batch within 500 ms/);
    expect(rig.deadLetters[0]?.value).toContain('vk:-700:2');
    expect(rig.classified.map((c) => c.post.uid).sort()).toEqual(['vk:-700:1', 'vk:-700:3']);
    expect(Number(rig.service.health().details?.restarts)).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
