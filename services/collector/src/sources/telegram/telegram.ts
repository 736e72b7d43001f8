// A public Telegram channel through its web preview: newest page first, then back with ?before= until the cursor.
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import type { ResolvedCommon } from '../source.config';
import { collectAll } from '../normalise';
import { createPacer, joinUrl, type PlatformDeps } from '../platform-deps';
import { pollStart } from '../poll-start';
import { sourceError, type Source, type SourceError } from '../source';
import type { TelegramChannelSource, TelegramPlatform } from './telegram.config';
import { parseChannelPage, telegramMessageToRawPost, type TelegramMessage, type TelegramPage } from './telegram.parse';

const Cursor = z.object({ lastId: z.number() });
const skipRetryMs = 6 * 3600_000;

export interface TelegramClient {
  fetchPage(channel: string, before: number | null): Promise<Result<TelegramPage, SourceError>>;
}

export function createTelegramClient(platform: TelegramPlatform, deps: PlatformDeps): TelegramClient {
  const pacer = createPacer(platform.requestsPerSec, deps);
  return {
    async fetchPage(channel, before) {
      await pacer.wait();
      const url = joinUrl(platform.baseUrl, `s/${channel}`);
      // An unknown or private channel redirects to /<name>, the contact page (platforms.md §3): follow it on the same host.
      const r = await deps.http.request({ url, query: { before: before ?? undefined }, as: 'text', maxRedirects: 2 });
      if (!r.ok) return r;
      if (r.value.status === 404) return ok({ kind: 'not_found', username: channel });
      if (r.value.status !== 200) return err(sourceError('PLATFORM_ERROR', `t.me answered HTTP ${r.value.status}`, { platformCode: r.value.status }));
      return parseChannelPage(String(r.value.body));
    },
  };
}

export function createTelegramSource(config: TelegramChannelSource, common: ResolvedCommon, client: TelegramClient): Source {
  return {
    id: config.id,
    platform: 'telegram',
    pollIntervalSec: common.pollIntervalSec,
    async poll(ctx) {
      const { cursor, now, horizonMs, nctx } = pollStart(Cursor, config.id, common, ctx);
      const kept: TelegramMessage[] = [];
      const warnings: SourceError[] = [];
      let before: number | null = null;
      let calls = 0;
      for (let page = 0; page < config.maxPages; page += 1) {
        const r = await client.fetchPage(config.channel, before);
        calls += 1;
        if (!r.ok) return r;
        if (r.value.kind === 'not_found') {
          return err(sourceError('NOT_FOUND', `telegram channel @${config.channel} does not exist, is private or has no web preview`, { scope: 'source', retryAtMs: now.getTime() + skipRetryMs }));
        }
        if (r.value.kind === 'no_preview') {
          return err(sourceError('ACCESS_DENIED', `telegram channel @${config.channel} shows no messages in its web preview`, { scope: 'source', retryAtMs: now.getTime() + skipRetryMs }));
        }
        const { messages } = r.value;
        if (messages.length === 0 && page === 0 && cursor) {
          // The newest page of a channel we have read before cannot be empty: the page changed, do not move on.
          return err(sourceError('SHAPE_CHANGED', `telegram @${config.channel}: the newest page shows no messages, though ${cursor.lastId} was read before`));
        }
        if (messages.length === 0) break;
        const minId = messages[0]!.id;
        // The whole newest page is kept even when known: an edited message comes out as a new version.
        for (const m of messages) {
          if (m.isService) continue;
          const isNew = cursor ? m.id > cursor.lastId : Date.parse(m.publishedAt) >= horizonMs;
          if (isNew || page === 0) kept.push(m);
        }
        const reachedKnown = cursor ? minId <= cursor.lastId + 1 : Date.parse(messages[0]!.publishedAt) < horizonMs || kept.length >= common.backfill.maxItems;
        // On the oldest page the before link is missing: the end of the channel (platforms.md §3).
        if (reachedKnown || r.value.before === null) break;
        before = r.value.before;
        if (page === config.maxPages - 1) {
          warnings.push(sourceError('BACKLOG', `telegram @${config.channel}: more new posts than ${config.maxPages} pages; the oldest were not read (raise maxPages or poll more often)`));
        }
      }
      const selected = cursor ? kept : kept.filter((m) => Date.parse(m.publishedAt) >= horizonMs).sort((a, b) => b.id - a.id).slice(0, common.backfill.maxItems);
      const posts = collectAll(selected.sort((a, b) => a.id - b.id).map((m) => telegramMessageToRawPost(m, nctx)));
      if (!posts.ok) return posts;
      const lastId = Math.max(cursor?.lastId ?? 0, ...kept.map((m) => m.id));
      return ok({ posts: posts.value satisfies RawPost[], cursor: { lastId }, warnings, calls });
    },
  };
}
