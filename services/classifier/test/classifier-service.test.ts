import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus } from '@cur/shared/bus/bus';
import { Topics, type ClassifiedPost, type RawPost, type RejectedPost } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import type { ClassifierService } from '../src/classifier';
import { eventually } from '@cur/shared/testing/eventually';
import { rawPost } from './raw-post';
import { startClassifierRig, type ClassifierRig } from './service-rig';

let rig: ClassifierRig;
let store: Store;
let bus: Bus;
let service: ClassifierService;
let classified: ClassifiedPost[];
let rejected: RejectedPost[];

const raw = (n: number, text: string, extra: Partial<RawPost> = {}): RawPost => rawPost(100, n, text, extra);

const rowsOf = (uid: string) => store.query<{ status: string; reject_reason: string; topic: string; importance: string; abuse: string; needs_response: number; repeat_of: string; evidence: string; authorities: string[] }>(
  'SELECT status, reject_reason, topic, importance, abuse, needs_response, repeat_of, evidence, authorities FROM posts FINAL WHERE uid = {uid:String}',
  { uid },
);

beforeAll(async () => {
  rig = await startClassifierRig({
    name: 'classifier-test',
    beforeStart: async (store) => {
      // A post already in the table: the warm-up must put it in the repeat history.
      await store.insert('posts', [{
        uid: 'vk:-100:earlier', version: 0, platform: 'vk', source: 'vk', source_id: 'vk-lipetsk-group', region: 'lipetsk', kind: 'post',
        parent_uid: '', url: 'https://vk.com/wall-100_1', author_id: 'vk_repeater', author_name: '',
        published_at: '2026-11-12T10:00:00Z', collected_at: '2026-11-12T10:01:00Z',
        text: 'Липецк, ул. Гагарина 15, во дворе не горят фонари уже месяц, вечером темно, почините освещение',
        likes: 3, reposts: 0, comments: 1, views: 100, status: 'classified', reject_reason: '', topic: 'improvement',
        location: 'lipetsk_city', importance: 'normal', abuse: 'none', is_spam: 0, needs_response: 1, repeat_of: '',
        authorities: ['lipetsk_city_admin'], evidence: '[]', classified_at: '2026-11-12T10:02:00Z',
      }]);
    },
  });
  ({ store, bus, service, classified, rejected } = rig);
}, 120_000);

afterAll(() => rig.stop());

describe('classifier service', () => {
  it('publishes a complaint to posts.classified and stores its row with evidence', async () => {
    const post = raw(1, 'В Ельце на ул. Мира вторую неделю нет горячей воды, управляющая компания не отвечает. Когда дадут?');
    await bus.publish(Topics.postsRaw, [{ key: post.uid, value: post }]);
    await eventually(() => classified.some((c) => c.post.uid === post.uid), 'the post is classified');
    const out = classified.find((c) => c.post.uid === post.uid)!;
    expect(out.classification).toMatchObject({ topic: 'zhkh', abuse: 'none', isSpam: false, needsResponse: true });
    expect(out.classification.authorities[0]).not.toBe('none');
    const rows = await rowsOf(post.uid);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'classified', reject_reason: '', topic: 'zhkh', needs_response: 1 });
    expect(JSON.parse(rows[0]!.evidence).map((e: { step: string }) => e.step)).toEqual(expect.arrayContaining(['topic', 'abuse', 'importance']));
  });

  it('rejects an abusive post with the reason and keeps it for audit', async () => {
    const post = raw(2, 'эти бездари из администрации опять ничего не сделали с дорогой');
    await bus.publish(Topics.postsRaw, [{ key: post.uid, value: post }]);
    await eventually(() => rejected.some((r) => r.post.uid === post.uid), 'the post is rejected');
    const out = rejected.find((r) => r.post.uid === post.uid)!;
    expect(out.reason).toBe('abuse');
    expect(out.detail).toContain('insult');
    expect(out.classification).toMatchObject({ abuse: 'insult', needsResponse: false, authorities: ['none'] });
    const rows = await rowsOf(post.uid);
    expect(rows[0]).toMatchObject({ status: 'rejected', reject_reason: 'abuse', abuse: 'insult', needs_response: 0 });
  });

  it('rejects an advertisement as spam', async () => {
    const post = raw(3, 'Продам уголь и дрова, доставка по району, звоните +7 900 123-45-67');
    await bus.publish(Topics.postsRaw, [{ key: post.uid, value: post }]);
    await eventually(() => rejected.some((r) => r.post.uid === post.uid), 'the ad is rejected');
    expect(rejected.find((r) => r.post.uid === post.uid)!.reason).toBe('spam');
    expect((await rowsOf(post.uid))[0]).toMatchObject({ status: 'rejected', reject_reason: 'spam' });
  });

  it('links a repeat to the earlier post read from the table at start and raises it to high', async () => {
    const post = raw(4, 'Повторно пишу про фонари во дворе на Гагарина 15 в Липецке: прошла неделя, освещение так и не починили, темно', { authorId: 'vk_repeater' });
    await bus.publish(Topics.postsRaw, [{ key: post.uid, value: post }]);
    await eventually(() => classified.some((c) => c.post.uid === post.uid), 'the repeat is classified');
    const out = classified.find((c) => c.post.uid === post.uid)!;
    expect(out.classification.repeatOf).toBe('vk:-100:earlier');
    expect(out.classification.importance).toBe('high');
    expect((await rowsOf(post.uid))[0]!.repeat_of).toBe('vk:-100:earlier');
  });

  it('stores one row per post when the same version is delivered twice', async () => {
    const post = raw(5, 'В Грязях на остановке у вокзала разбит павильон, стёкла на земле. Уберите пожалуйста');
    await bus.publish(Topics.postsRaw, [{ key: post.uid, value: post }, { key: post.uid, value: post }]);
    await eventually(() => classified.filter((c) => c.post.uid === post.uid).length === 2, 'both deliveries are handled');
    expect(await rowsOf(post.uid)).toHaveLength(1);
  });

  it('counts classified and rejected posts by reason in health()', () => {
    const h = service.health();
    expect(h.state).toBe('running');
    expect(h.counters.classified).toBeGreaterThanOrEqual(3);
    expect(h.counters.rejected_abuse).toBe(1);
    expect(h.counters.rejected_spam).toBe(1);
    expect(h.counters.warmed).toBe(1);
  });
});
