import { describe, expect, it } from 'vitest';
import { replayLineToRawPost } from './replay.parse';

const line = '{"id": "dev-0001", "source": "vk", "kind": "post", "author_id": "vk_203917455", "published_at": "2026-11-03T19:42:16+03:00", "text": "Батареи еле тёплые", "labels": {"topic": "zhkh"}}';

describe('replay record', () => {
  it('becomes a RawPost collected when it was published, labels dropped', () => {
    expect(replayLineToRawPost(line, 1, { sourceId: 'replay', region: 'lipetsk', collectedAt: 'published' })).toEqual({
      ok: true,
      value: {
        schemaVersion: 1, uid: 'replay:vk:dev-0001', platform: 'replay', source: 'vk', sourceId: 'replay', region: 'lipetsk',
        kind: 'post', parentUid: null, url: 'replay://dev-0001', authorId: 'vk_203917455', authorName: null,
        publishedAt: '2026-11-03T19:42:16+03:00', collectedAt: '2026-11-03T19:42:16+03:00', editedAt: null, version: 0,
        text: 'Батареи еле тёплые', engagement: { likes: 0, reposts: 0, comments: 0, views: 0 }, payload: { id: 'dev-0001' },
      },
    });
  });
  it('can be stamped with the clock instead', () => {
    const r = replayLineToRawPost(line, 1, { sourceId: 'replay', region: 'lipetsk', collectedAt: '2026-12-01T00:00:00.000Z' });
    expect(r.ok && r.value?.collectedAt).toBe('2026-12-01T00:00:00.000Z');
  });
  it('names the line of a malformed record and skips blank lines', () => {
    expect(replayLineToRawPost('{"id": "x"', 7, { sourceId: 'r', region: 'lipetsk', collectedAt: 'published' })).toMatchObject({ ok: false, error: expect.stringMatching(/^line 7: not JSON/) });
    expect(replayLineToRawPost('{"id": "x", "source": "forum"}', 8, { sourceId: 'r', region: 'lipetsk', collectedAt: 'published' })).toMatchObject({ ok: false, error: expect.stringMatching(/^line 8: source/) });
    expect(replayLineToRawPost('   ', 9, { sourceId: 'r', region: 'lipetsk', collectedAt: 'published' })).toEqual({ ok: true, value: null });
  });
});
