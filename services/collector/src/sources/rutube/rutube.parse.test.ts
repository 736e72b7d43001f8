import { describe, expect, it } from 'vitest';
import { checkShape } from '../normalise';
import { RutubeComments, rutubeCommentsToRawPosts } from './rutube.parse';

const context = { sourceId: 'rt', region: 'lipetsk' as const, collectedAt: '2026-11-13T12:00:00.000Z' };
const video = '0123456789abcdef0123456789abcdef';

describe('RuTube comments (experimental shape)', () => {
  it('maps the confirmed fields and the guessed author and time', () => {
    // Invented: results/id/text/likes_number/replies_number are [P]; user and created_ts are guesses.
    const page = checkShape(RutubeComments, { comments_count: 1, has_next: false, results: [{ id: 77, text: 'Когда починят дорогу?', likes_number: 3, replies_number: 1, created_ts: '2026-11-13T08:00:00', user: { id: 5, name: 'Иван' } }] }, 'rutube');
    if (!page.ok) throw new Error(page.error.message);
    const r = rutubeCommentsToRawPosts(page.value, video, context);
    expect(r.ok && r.value[0]).toMatchObject({ uid: `rutube:${video}:77`, platform: 'rutube', source: 'video', authorId: 'rt_5', authorName: 'Иван', engagement: { likes: 3, comments: 1 } });
  });
  it('says SHAPE_CHANGED when no time field is there', () => {
    const page = checkShape(RutubeComments, { results: [{ id: 1, text: 'x' }] }, 'rutube');
    expect(page.ok && rutubeCommentsToRawPosts(page.value, video, context)).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
  });
});
