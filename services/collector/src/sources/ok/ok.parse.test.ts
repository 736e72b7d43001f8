import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkShape } from '../normalise';
import { CommentsResponse, commentToRawPost, okDateToIso, okError, topicToRawPost, TopicsResponse } from './ok.parse';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '../../../test/fixtures/ok', name), 'utf8'));
const context = { sourceId: 'ok-elets', region: 'lipetsk' as const, collectedAt: '2026-11-13T12:00:00.000Z' };

describe('OK topics', () => {
  const topics = checkShape(TopicsResponse, fixture('mediatopic.getTopics.json'), 'mediatopic.getTopics');
  if (!topics.ok) throw new Error(topics.error.message);

  it('normalises a group topic with a photo exactly', () => {
    expect(topicToRawPost(topics.value.media_topics[0]!, '56893217640455', topics.value.entities, context)).toEqual({
      ok: true,
      value: {
        schemaVersion: 1,
        uid: 'ok:56893217640455:156104822749447',
        platform: 'ok',
        source: 'ok',
        sourceId: 'ok-elets',
        region: 'lipetsk',
        kind: 'post',
        parentUid: null,
        url: 'https://ok.ru/group/56893217640455/topic/156104822749447',
        authorId: 'ok_56893217640455',
        authorName: 'Подслушано в Ельце | Липецкая область',
        publishedAt: '2026-11-13T09:15:00.000Z',
        collectedAt: '2026-11-13T12:00:00.000Z',
        editedAt: null,
        version: 0,
        text: 'Елец, Коммунаров 38: яма почти на всю полосу, вчера две машины остались без колёс. Знаков нет, ночью её не видно. Будьте осторожны!',
        engagement: { likes: 48, reposts: 3, comments: 12, views: 0 },
        payload: { groupId: '56893217640455', topicId: '156104822749447', authorRef: 'group:56893217640455', media: ['photo'] },
      },
    });
  });

  it('names a user author from the entities', () => {
    const r = topicToRawPost(topics.value.media_topics[1]!, '56893217640455', topics.value.entities, context);
    expect(r.ok && r.value).toMatchObject({ authorId: 'ok_574839201746', authorName: 'Людмила Гончарова' });
  });
});

describe('OK comments', () => {
  it('reads Moscow-time dates and replies', () => {
    const shape = checkShape(CommentsResponse, fixture('discussions.getComments.json'), 'discussions.getComments');
    if (!shape.ok) throw new Error(shape.error.message);
    const posts = shape.value.comments.map((c) => commentToRawPost(c, '56893217640455', '156104822749447', 'Europe/Moscow', context));
    expect(posts[0]).toMatchObject({ ok: true, value: { uid: 'ok:56893217640455:156104822749447:TpBVN9Cm2GEljaLngBe9C4TEiafdLBw6', publishedAt: '2026-11-13T09:36:10.000Z', authorId: 'ok_582201947713', parentUid: 'ok:56893217640455:156104822749447', engagement: { likes: 7 } } });
    expect(posts[3]).toMatchObject({ ok: true, value: { parentUid: 'ok:56893217640455:156104822749447:TpBVN9Cm2GEljaLngBe9C4TEiafdLBw6' } });
    expect(okDateToIso('2026-13-40 00:00:00', 'Europe/Moscow')).toBeNull();
  });
});

describe('OK errors', () => {
  it('maps the flat error object', () => {
    expect(okError(fixture('error.json'), 'mediatopic.getTopics', { nowMs: 0, skipRetryMs: 1 })).toMatchObject({ code: 'AUTH_FAILED', scope: 'token', platformCode: 102 });
    expect(okError({ media_topics: [] }, 'x', { nowMs: 0, skipRetryMs: 1 })).toBeNull();
    expect(okError({ error_code: 2, error_msg: 'SERVICE' }, 'x', { nowMs: 0, skipRetryMs: 1 })).toMatchObject({ code: 'SERVER_ERROR', retriable: true });
  });
});
