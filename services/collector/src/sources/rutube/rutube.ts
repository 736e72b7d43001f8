// RuTube video comments (experimental, behind platforms.rutube.enabled): page= paging while has_next.
import { ok } from '@cur/shared/result';
import type { RawPost } from '@cur/shared/contracts/index';
import type { ResolvedCommon } from '../source.config';
import { checkShape } from '../normalise';
import { createPacer, joinUrl, type PlatformDeps } from '../platform-deps';
import { err } from '@cur/shared/result';
import { sourceError, type Source } from '../source';
import type { RutubePlatform, RutubeVideoSource } from './rutube.config';
import { RutubeComments, rutubeCommentsToRawPosts } from './rutube.parse';

export function createRutubeSource(config: RutubeVideoSource, common: ResolvedCommon, platform: RutubePlatform, deps: PlatformDeps): Source {
  const pacer = createPacer(platform.requestsPerSec, deps);
  return {
    id: config.id,
    platform: 'rutube',
    pollIntervalSec: common.pollIntervalSec,
    async poll(ctx) {
      const nctx = { sourceId: config.id, region: common.region, collectedAt: ctx.clock.now().toISOString() };
      const posts: RawPost[] = [];
      let calls = 0;
      for (let page = 1; page <= config.maxPages; page += 1) {
        await pacer.wait();
        const r = await deps.http.request({ url: joinUrl(platform.baseUrl, `api/comments/video/${config.videoId}/`), query: { page }, as: 'json' });
        calls += 1;
        if (!r.ok) return r;
        if (r.value.status === 404) return err(sourceError('NOT_FOUND', `RuTube video ${config.videoId}: HTTP 404`, { scope: 'source', retryAtMs: ctx.clock.now().getTime() + 6 * 3600_000 }));
        if (r.value.status !== 200) return err(sourceError('PLATFORM_ERROR', `RuTube HTTP ${r.value.status}`, { platformCode: r.value.status }));
        const shape = checkShape(RutubeComments, r.value.body, 'rutube comments');
        if (!shape.ok) return shape;
        const mapped = rutubeCommentsToRawPosts(shape.value, config.videoId, nctx);
        if (!mapped.ok) return mapped;
        posts.push(...mapped.value);
        if (!shape.value.has_next && !shape.value.next) break;
      }
      // No cursor beyond the uids: the order of RuTube comments is unconfirmed, so every poll reads the first pages.
      return ok({ posts, cursor: { polledAt: nctx.collectedAt }, warnings: [], calls });
    },
  };
}
