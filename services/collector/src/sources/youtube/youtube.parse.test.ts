import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShape } from '../normalise';
import { commentText, CommentThreadList, threadToRawPosts, youtubeError } from './youtube.parse';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/youtube', name), 'utf8'));
const context = { sourceId: 'yt-elets', region: 'lipetsk' as const, collectedAt: '2026-11-13T12:00:00.000Z' };
const timing = { nowMs: 0, nextQuotaDayMs: 1000, skipRetryMs: 10 };

describe('YouTube commentThreads', () => {
  const list = checkShape(CommentThreadList, fixture('commentThreads.list-page-1.json'), 'commentThreads');
  if (!list.ok) throw new Error(list.error.message);

  it('normalises a thread and its replies exactly', () => {
    const r = threadToRawPosts(list.value.items[0]!, context);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toHaveLength(3);
    expect(r.value[0]).toEqual({
      schemaVersion: 1,
      uid: 'youtube:UCq3LpE7n0xWv5Yb9Rt2Kd4A:k3Qz8VtN2Lw:UgzZCgF3z39fgu8ty9J4AaABAg',
      platform: 'youtube',
      source: 'video',
      sourceId: 'yt-elets',
      region: 'lipetsk',
      kind: 'comment',
      parentUid: 'youtube:UCq3LpE7n0xWv5Yb9Rt2Kd4A:k3Qz8VtN2Lw',
      url: 'https://www.youtube.com/watch?v=k3Qz8VtN2Lw&lc=UgzZCgF3z39fgu8ty9J4AaABAg',
      authorId: 'yt_UCK9yANZcLfcxOmr8Kstk6V-',
      authorName: '@sergey_elets48',
      publishedAt: '2026-11-13T10:02:41.000Z',
      collectedAt: '2026-11-13T12:00:00.000Z',
      editedAt: null,
      version: 0,
      text: 'Живу на Коммунаров, подтверждаю: яма там с сентября. Вчера вечером видел, как «Гранта» в неё влетела и встала.',
      engagement: { likes: 34, reposts: 0, comments: 2, views: 0 },
      payload: { videoId: 'k3Qz8VtN2Lw', commentId: 'UgzZCgF3z39fgu8ty9J4AaABAg', channelId: 'UCq3LpE7n0xWv5Yb9Rt2Kd4A' },
    });
    expect(r.value[1]).toMatchObject({
      uid: 'youtube:UCq3LpE7n0xWv5Yb9Rt2Kd4A:k3Qz8VtN2Lw:UgzZCgF3z39fgu8ty9J4AaABAg.WdfKxeNFOj3Ai9CTHFzqpY',
      parentUid: 'youtube:UCq3LpE7n0xWv5Yb9Rt2Kd4A:k3Qz8VtN2Lw:UgzZCgF3z39fgu8ty9J4AaABAg',
    });
  });

  it('versions an edited comment by updatedAt and keeps raw new lines', () => {
    const r = threadToRawPosts(list.value.items[1]!, context);
    expect(r.ok && r.value[0]).toMatchObject({ editedAt: '2026-11-13T09:51:30.000Z', version: Date.parse('2026-11-13T09:51:30Z') / 1000 });
    expect(r.ok && r.value[0]!.text).toContain('УК молчит.\nКогда');
  });

  it('reads textDisplay html when textOriginal is absent', () => {
    expect(commentText({ textDisplay: 'a &quot;b&quot;<br>c <a href="https://x.example">https://x.example</a>', likeCount: 0, publishedAt: 'x' })).toBe('a "b"\nc https://x.example');
  });

  it('reads the page token and its absence on the last page', () => {
    expect(list.value.nextPageToken).toMatch(/^Z2V0/);
    const last = checkShape(CommentThreadList, fixture('commentThreads.list-page-2.json'), 'commentThreads');
    expect(last.ok && last.value.nextPageToken).toBeUndefined();
  });
});

describe('YouTube errors', () => {
  it('stops for the quota day on quotaExceeded', () => {
    expect(youtubeError(403, fixture('error-quotaExceeded.json'), timing)).toMatchObject({ code: 'QUOTA_EXCEEDED', scope: 'platform', retryAtMs: 1000, retriable: false });
  });
  it('treats comments disabled as nothing to collect', () => {
    expect(youtubeError(403, fixture('error-commentsDisabled.json'), timing)).toBe('comments_disabled');
  });
  it('maps not found, bad key and rate limits', () => {
    expect(youtubeError(404, { error: { errors: [{ reason: 'videoNotFound' }] } }, timing)).toMatchObject({ code: 'NOT_FOUND' });
    expect(youtubeError(400, { error: { errors: [{ reason: 'keyInvalid' }] } }, timing)).toMatchObject({ code: 'AUTH_FAILED' });
    expect(youtubeError(429, {}, timing)).toMatchObject({ code: 'RATE_LIMITED', retriable: true });
  });
});
