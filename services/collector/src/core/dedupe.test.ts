import { describe, expect, it } from 'vitest';
import { RawPost } from '@cur/shared/contracts/index';
import { contentHash, selectFresh } from './dedupe';

const post = (uid: string, text: string, extra: Partial<RawPost> = {}): RawPost => RawPost.parse({
  schemaVersion: 1, uid, platform: 'telegram', source: 'telegram', sourceId: 's', kind: 'post', url: 'https://t.me/x/1',
  authorId: 'tg_x', publishedAt: '2026-11-12T05:10:44Z', collectedAt: '2026-11-13T10:00:00Z', text, ...extra,
});

describe('selectFresh', () => {
  it('keeps unseen uids and drops repeats, also inside one batch', () => {
    const seen = new Map([['telegram:x:1', { version: 0, contentHash: contentHash(post('telegram:x:1', 'a')) }]]);
    const r = selectFresh([post('telegram:x:1', 'a'), post('telegram:x:2', 'b'), post('telegram:x:2', 'b')], seen, '2026-11-13T10:00:00Z');
    expect(r.fresh.map((p) => p.uid)).toEqual(['telegram:x:2']);
    expect(r.duplicates).toBe(2);
  });

  it('publishes an edit as the next version of the same uid, marking when it was seen edited', () => {
    const seen = new Map([['telegram:x:1', { version: 0, contentHash: contentHash(post('telegram:x:1', 'old')) }]]);
    const r = selectFresh([post('telegram:x:1', 'new text')], seen, '2026-11-13T10:00:00Z');
    expect(r.fresh).toHaveLength(1);
    expect(r.fresh[0]).toMatchObject({ uid: 'telegram:x:1', version: 1, editedAt: '2026-11-13T10:00:00Z', text: 'new text' });
    expect(r.newVersions).toBe(1);
  });

  it('uses the platform edit time as the version when it is newer', () => {
    const seen = new Map([['vk:-1:2', { version: 0, contentHash: contentHash(post('vk:-1:2', 'old')) }]]);
    const r = selectFresh([post('vk:-1:2', 'upd', { version: 1794503400, editedAt: '2026-11-12T17:50:00Z' })], seen, '2026-11-13T10:00:00Z');
    expect(r.fresh[0]).toMatchObject({ version: 1794503400, editedAt: '2026-11-12T17:50:00Z' });
  });

  it('ignores an older version arriving late', () => {
    const seen = new Map([['vk:-1:2', { version: 1794503400, contentHash: 'h' }]]);
    expect(selectFresh([post('vk:-1:2', 'x')], seen, '2026-11-13T10:00:00Z').fresh).toEqual([]);
  });
});
