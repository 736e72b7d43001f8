// A raw VK post for the classifier's service tests: post `n` of community `community`, published 08:00 in Lipetsk.
import { RawPost } from '@cur/shared/contracts/index';

export const rawPost = (community: number, n: number, text: string, extra: Partial<RawPost> = {}): RawPost => RawPost.parse({
  schemaVersion: 1, uid: `vk:-${community}:${n}`, platform: 'vk', source: 'vk', sourceId: 'vk-lipetsk-group', kind: 'post',
  url: `https://vk.com/wall-${community}_${n}`, authorId: `vk_${n}`, publishedAt: '2026-11-20T08:00:00+03:00',
  collectedAt: '2026-11-20T08:01:00+03:00', text, ...extra,
});
