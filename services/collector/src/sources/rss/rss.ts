// RSS/Atom feeds and HTML pages: fetch the configured URL only, parse, keep items newer than the cursor.
import { z } from 'zod';
import { err, ok, type Result } from '@cur/shared/result';
import type { ResolvedCommon } from '../source.config';
import { collectAll } from '../normalise';
import { hostOf } from '../http';
import type { PlatformDeps } from '../platform-deps';
import { pollStart } from '../poll-start';
import { sourceError, type Source, type SourceError } from '../source';
import type { HtmlSource } from '../html/html.config';
import { parseHtmlPage } from '../html/html.parse';
import type { RssSource } from './rss.config';
import { parseFeed, webItemToRawPost, type FeedItem } from './rss.parse';

const Cursor = z.object({ newestPublishedMs: z.number() });
// Feeds reorder and late items appear: items up to this much older than the newest seen are still checked by uid.
const lateItemsMs = 3 * 86_400_000;

export function createWebSource(config: RssSource | HtmlSource, common: ResolvedCommon, deps: Pick<PlatformDeps, 'http'>): Source {
  const host = hostOf(config.url) ?? 'invalid';
  const platform = config.type === 'rss' ? 'rss' : 'html';
  return {
    id: config.id,
    platform,
    pollIntervalSec: common.pollIntervalSec,
    async poll(ctx) {
      const { cursor, now, horizonMs, nctx } = pollStart(Cursor, config.id, common, ctx);
      const r = await deps.http.request({ url: config.url, as: 'text', maxRedirects: 3 });
      if (!r.ok) return r;
      if (r.value.status === 404 || r.value.status === 410) return err(sourceError('NOT_FOUND', `${config.url} answered HTTP ${r.value.status}`, { scope: 'source', retryAtMs: now.getTime() + 6 * 3600_000 }));
      if (r.value.status !== 200) return err(sourceError('PLATFORM_ERROR', `${config.url} answered HTTP ${r.value.status}`, { platformCode: r.value.status }));
      const items: Result<FeedItem[], SourceError> = config.type === 'rss'
        ? parseFeed(String(r.value.body))
        : parseHtmlPage(String(r.value.body), config, r.value.url, now.toISOString());
      if (!items.ok) return items;
      const since = cursor ? cursor.newestPublishedMs - lateItemsMs : horizonMs;
      const fresh = items.value
        .filter((i) => Date.parse(i.publishedAt) >= since)
        .sort((a, b) => Date.parse(b.publishedAt) - Date.parse(a.publishedAt))
        .slice(0, cursor ? undefined : common.backfill.maxItems);
      const posts = collectAll(fresh.map((i) => webItemToRawPost(i, { platform, host, family: config.family, pageUrl: config.url }, nctx)));
      if (!posts.ok) return posts;
      const newestPublishedMs = Math.max(cursor?.newestPublishedMs ?? 0, ...items.value.map((i) => Date.parse(i.publishedAt)));
      return ok({ posts: posts.value, cursor: { newestPublishedMs }, warnings: [], calls: 1 });
    },
  };
}
