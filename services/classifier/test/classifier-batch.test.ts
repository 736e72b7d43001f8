// The classifier's batch path: many posts in one batch give one row each, are published once per topic, and a
// post sees the history of the posts before it in the same batch (a repeat in the same batch is found).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '@cur/shared/bus/bus';
import { Topics, type ClassifiedPost, type RawPost, type RejectedPost } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import type { ClassifierService } from '../src/classifier';
import { recentPosts } from '../src/store/posts';
import { eventually } from '@cur/shared/testing/eventually';
import { rawPost } from './raw-post';
import { startClassifierRig, type ClassifierRig } from './service-rig';

let rig: ClassifierRig;
let store: Store;
let bus: Bus;
let service: ClassifierService;
let classified: ClassifiedPost[];
let rejected: RejectedPost[];

const raw = (n: number, text: string, extra: Partial<RawPost> = {}): RawPost => rawPost(200, n, text, extra);

beforeAll(async () => {
  rig = await startClassifierRig({ name: 'classifier-batch-test' });
  ({ store, bus, service, classified, rejected } = rig);
}, 120_000);

afterAll(() => rig.stop());

describe('classifier batches', () => {
  it('classifies a burst of posts with one row each', async () => {
    const posts = Array.from({ length: 120 }, (_, n) => raw(n, `Улица Гагарина ${n}: во дворе не горят фонари, вечером темно, почините освещение`));
    await bus.publish(Topics.postsRaw, posts.map((value) => ({ key: value.uid, value })));
    await eventually(() => classified.length + rejected.length === 120, 'all 120 handled');
    const [row] = await store.query<{ n: number }>("SELECT count() AS n FROM posts FINAL WHERE uid LIKE 'vk:-200:%'");
    expect(Number(row?.n)).toBe(120);
    expect(new Set(classified.map((c) => c.post.uid)).size + rejected.length).toBe(120);
  });

  it('finds a repeat of a post handled earlier in the same batch', async () => {
    const first = raw(1000, 'Липецк, ул. Катукова 40: батареи ледяные, в квартире +15, управляющая компания не отвечает', { authorId: 'vk_same' });
    const again = raw(1001, 'Снова пишу: Катукова 40, батареи ледяные, управляющая компания так и не ответила', {
      authorId: 'vk_same', publishedAt: '2026-11-20T08:30:00+03:00',
    });
    await service.handleBatch([first, again]);
    await eventually(() => classified.some((c) => c.post.uid === again.uid) || rejected.some((r) => r.post.uid === again.uid), 'the repeat is handled');
    const out = classified.find((c) => c.post.uid === again.uid)?.classification ?? rejected.find((r) => r.post.uid === again.uid)?.classification;
    expect(out?.repeatOf).toBe(first.uid);
  });

  it('warms its history from the newest posts of the window when there are more than it keeps', async () => {
    // Ten posts an hour apart, newer than everything before (handled by the service, so stored as it stores them).
    const posts = Array.from({ length: 10 }, (_, i) => raw(900 + i, `Пост ${i} про освещение`, {
      authorId: 'vk_warm', publishedAt: new Date(Date.parse('2026-11-20T06:00:00Z') + i * 3_600_000).toISOString(),
    }));
    await bus.publish(Topics.postsRaw, posts.map((value) => ({ key: value.uid, value })));
    const since = new Date('2026-11-18T00:00:00Z');
    await eventually(async () => (await recentPosts(store, since, 10_000)).filter((r) => r.author_id === 'vk_warm').length === 10, 'the ten posts stored');
    const all = await recentPosts(store, since, 10_000);
    expect(all.map((r) => r.published_at_ms)).toEqual([...all.map((r) => r.published_at_ms)].sort((a, b) => a - b));
    const newest = await recentPosts(store, since, 3);
    expect(newest.map((r) => r.uid)).toEqual(['vk:-200:907', 'vk:-200:908', 'vk:-200:909']);
  });
});
