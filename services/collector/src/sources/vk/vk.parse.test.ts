import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShape } from '../normalise';
import { namesOf, readVkEnvelope, VkCommentsResponse, vkCommentsToRawPosts, vkError, vkPostToRawPost, VkSearchResponse, VkWallResponse } from './vk.parse';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/vk', name), 'utf8'));
const context = { sourceId: 'vk-elets', region: 'lipetsk' as const, collectedAt: '2026-11-13T12:00:00.000Z' };
const timing = { nowMs: 1_000, nextDayMs: 86_400_000, skipRetryMs: 3_600_000 };

function response(name: string): unknown {
  const r = readVkEnvelope(fixture(name), 'x', timing);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.response;
}

describe('VK wall.get', () => {
  const wall = checkShape(VkWallResponse, response('wall.get.json'), 'wall.get');
  if (!wall.ok) throw new Error(wall.error.message);
  const posts = wall.value.items.map((p) => vkPostToRawPost(p, namesOf(wall.value), context));

  it('normalises a community post with a photo exactly', () => {
    expect(posts[0]).toEqual({
      ok: true,
      value: {
        schemaVersion: 1,
        uid: 'vk:-201845377:48213',
        platform: 'vk',
        source: 'vk',
        sourceId: 'vk-elets',
        region: 'lipetsk',
        kind: 'post',
        parentUid: null,
        url: 'https://vk.com/wall-201845377_48213',
        authorId: 'vk_-201845377',
        authorName: null,
        publishedAt: '2026-11-13T09:14:00.000Z',
        collectedAt: '2026-11-13T12:00:00.000Z',
        editedAt: null,
        version: 0,
        text: 'На Коммунаров напротив дома 38 яма почти на всю полосу. Вчера вечером там две машины пробили колёса, знаков никаких нет, в темноте её просто не видно. Кто-нибудь знает, когда будут ремонтировать?\n\n#Елец #дороги',
        engagement: { likes: 57, reposts: 6, comments: 7, views: 4310 },
        payload: { ownerId: -201845377, postId: 48213, fromId: -201845377, postType: 'post', signerId: 712345608, attachments: ['photo'], links: [] },
      },
    });
  });

  it('versions an edited post by its edit time', () => {
    expect(posts[1]).toMatchObject({ ok: true, value: { uid: 'vk:-201845377:48212', version: 1794503400, editedAt: '2026-11-12T17:10:00.000Z' } });
  });

  it('keeps a user author and quotes the original of a repost', () => {
    expect(posts[3]).toMatchObject({ ok: true, value: { authorId: 'vk_634201977' } });
    const repost = posts[4];
    expect(repost?.ok && repost.value.text).toContain('Как теперь добираться до работы к восьми');
    expect(repost?.ok && repost.value.text).toContain('движение по маршруту №7');
    expect(repost?.ok && repost.value.text).toContain('Маршрут №7 «Ольшанец — Автовокзал» временно отменяется');
    expect(repost?.ok && repost.value.payload).toMatchObject({ repostOf: ['vk:-190552318:9921'], links: ['https://transport48.example/news/marshrut-7-otmena'] });
  });
});

describe('VK comments', () => {
  it('flattens wall comments with their thread replies, mentions as names', () => {
    const shape = checkShape(VkCommentsResponse, response('wall.getComments.json'), 'wall.getComments');
    if (!shape.ok) throw new Error(shape.error.message);
    const r = vkCommentsToRawPosts(shape.value, { on: 'wall', ownerId: -201845377, itemId: 48213 }, context);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.map((p) => p.uid)).toEqual([
      'vk:-201845377:48213:48214', 'vk:-201845377:48213:48216', 'vk:-201845377:48213:48219',
      'vk:-201845377:48213:48215', 'vk:-201845377:48213:48217', 'vk:-201845377:48213:48218', 'vk:-201845377:48213:48220',
    ]);
    expect(r.value[0]).toMatchObject({ kind: 'comment', parentUid: 'vk:-201845377:48213', url: 'https://vk.com/wall-201845377_48213?reply=48214', engagement: { likes: 12 } });
    expect(r.value[1]).toMatchObject({
      parentUid: 'vk:-201845377:48213:48214',
      url: 'https://vk.com/wall-201845377_48213?reply=48216&thread=48214',
      text: 'Сергей, в прошлом году её латали в октябре, через месяц всё вылезло обратно.',
      publishedAt: '2026-11-13T09:42:40.000Z',
    });
    expect(r.value[2]).toMatchObject({ authorId: 'vk_-201845377' });
  });

  it('maps video comments to the video platform and family', () => {
    const shape = checkShape(VkCommentsResponse, response('video.getComments.json'), 'video.getComments');
    if (!shape.ok) throw new Error(shape.error.message);
    const r = vkCommentsToRawPosts(shape.value, { on: 'video', ownerId: -201845377, itemId: 456239117 }, context);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toHaveLength(4);
    expect(r.value[0]).toMatchObject({ uid: 'vk_video:-201845377:456239117:1509', platform: 'vk_video', source: 'video', parentUid: 'vk_video:-201845377:456239117', url: 'https://vk.com/video-201845377_456239117' });
    expect(r.value[3]).toMatchObject({ uid: 'vk_video:-201845377:456239117:1508', parentUid: 'vk_video:-201845377:456239117:1506' });
  });
});

describe('VK newsfeed.search', () => {
  it('reads posts of several walls and the opaque next_from', () => {
    const shape = checkShape(VkSearchResponse, response('newsfeed.search.json'), 'newsfeed.search');
    if (!shape.ok) throw new Error(shape.error.message);
    expect(shape.value.next_from).toBe('3/-176220931_30512');
    const uids = shape.value.items.map((p) => vkPostToRawPost(p, new Map(), context)).map((r) => r.ok && r.value.uid);
    expect(uids).toEqual(['vk:-201845377:48213', 'vk:671554029:1187', 'vk:-176220931:30512']);
  });
});

describe('VK errors by meaning', () => {
  it('reads the error envelope', () => {
    const r = readVkEnvelope(fixture('error-15-access-denied.json'), 'wall.get', timing);
    expect(r).toMatchObject({ ok: false, error: { code: 'ACCESS_DENIED', retriable: false, scope: 'source', retryAtMs: 3_601_000, platformCode: 15 } });
  });
  it('maps each code', () => {
    const code = (n: number) => vkError(n, '', 'wall.get', timing);
    expect(code(6)).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
    expect(code(9)).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
    expect(code(10)).toMatchObject({ code: 'SERVER_ERROR', retriable: true });
    expect(code(5)).toMatchObject({ code: 'AUTH_FAILED', retriable: false, scope: 'token' });
    for (const n of [15, 18, 30, 203, 212, 801]) expect(code(n)).toMatchObject({ code: 'ACCESS_DENIED', scope: 'source' });
    expect(code(29)).toMatchObject({ code: 'QUOTA_EXCEEDED', scope: 'method', retryAtMs: 86_400_000 });
    expect(code(100)).toMatchObject({ code: 'BAD_CONFIG', retriable: false });
  });
  it('calls an answer with neither response nor error a changed shape', () => {
    expect(readVkEnvelope({ items: [] }, 'wall.get', timing)).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
    expect(checkShape(VkWallResponse, { count: 1, items: [{ id: 'x' }] }, 'wall.get')).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
  });
});
