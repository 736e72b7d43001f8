// YouTube comment threads of a video or a channel, newest first with pageToken, spending quota units deliberately.
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { minIntervalSec, nextBudgetDay, remainingCalls, trySpend, type BudgetState, type DailyBudget } from '../../core/budget';
import type { ResolvedCommon } from '../source.config';
import { checkShape } from '../normalise';
import { joinUrl, type PlatformDeps } from '../platform-deps';
import { pollStart } from '../poll-start';
import { sourceError, type Source, type SourceError } from '../source';
import type { YoutubeChannelSource, YoutubePlatform, YoutubeVideoSource } from './youtube.config';
import { CommentThreadList, threadToRawPosts } from './youtube.parse';
import { youtubeError } from './youtube.parse';

export interface YoutubeClient {
  /** One commentThreads.list page (1 quota unit); 'comments_disabled' when the video has them off. */
  listThreads(filter: { videoId: string } | { allThreadsRelatedToChannelId: string }, pageSize: number, pageToken: string | undefined): Promise<Result<CommentThreadList | 'comments_disabled', SourceError>>;
  register(): void;
  budgetIntervalSec(callsPerPoll: number): number;
  state(): Record<string, unknown>;
}

export function createYoutubeClient(platform: YoutubePlatform, apiKey: string, deps: PlatformDeps): YoutubeClient {
  const budget: DailyBudget = { cap: platform.dailyQuotaUnits, reserveFraction: platform.budgetReserveFraction, burst: platform.budgetBurst, resetOffsetMin: platform.dayResetUtcOffsetMin };
  let spent: BudgetState | null = null;
  let blockedUntil = 0;
  let sources = 0;
  const now = (): number => deps.clock.now().getTime();
  return {
    async listThreads(filter, pageSize, pageToken) {
      if (blockedUntil > now()) return err(sourceError('QUOTA_EXCEEDED', `YouTube quota exceeded; waiting until ${new Date(blockedUntil).toISOString()}`, { scope: 'platform', retryAtMs: blockedUntil }));
      const decision = trySpend(budget, spent, now(), 1);
      if (!decision.ok) return err(sourceError('BUDGET_EXHAUSTED', `YouTube quota ${budget.cap} units/day ${decision.reason === 'paced' ? 'is paced over the day' : 'is spent'}`, { scope: 'platform', retryAtMs: decision.retryAtMs }));
      spent = decision.state;
      const r = await deps.http.request({
        url: joinUrl(platform.baseUrl, 'youtube/v3/commentThreads'),
        query: { part: 'snippet,replies', ...filter, maxResults: pageSize, order: 'time', textFormat: 'plainText', pageToken, key: apiKey },
        as: 'json',
      });
      if (!r.ok) return r;
      if (r.value.status !== 200) {
        const e = youtubeError(r.value.status, r.value.body, { nowMs: now(), nextQuotaDayMs: nextBudgetDay(now(), platform.dayResetUtcOffsetMin), skipRetryMs: 6 * 3600_000 });
        if (e === 'comments_disabled') return ok('comments_disabled');
        if (e.code === 'QUOTA_EXCEEDED' && e.retryAtMs) {
          blockedUntil = e.retryAtMs;
          deps.logger.warn({ until: new Date(blockedUntil).toISOString() }, 'YouTube quota exceeded: every YouTube source waits for the next quota day');
        }
        return err(e);
      }
      return checkShape(CommentThreadList, r.value.body, 'commentThreads.list');
    },
    register() {
      sources += 1;
    },
    budgetIntervalSec(callsPerPoll) {
      return minIntervalSec(budget, sources, callsPerPoll);
    },
    state() {
      return { quotaUnitsRemainingToday: remainingCalls(budget, spent, now()), dailyQuotaUnits: budget.cap, blockedUntil: blockedUntil > now() ? new Date(blockedUntil).toISOString() : null };
    },
  };
}

const Cursor = z.object({ lastPublishedAt: z.string() });

export function createYoutubeSource(config: YoutubeVideoSource | YoutubeChannelSource, common: ResolvedCommon, client: YoutubeClient): Source {
  client.register();
  let callsPerPoll = 1;
  const filter = config.type === 'youtube_video' ? { videoId: config.videoId } : { allThreadsRelatedToChannelId: config.channelId };
  return {
    id: config.id,
    platform: 'youtube',
    get pollIntervalSec() {
      return Math.max(common.pollIntervalSec, client.budgetIntervalSec(callsPerPoll));
    },
    budget: () => client.state(),
    async poll(ctx) {
      const { cursor, now, horizonMs, nctx } = pollStart(Cursor, config.id, common, ctx);
      const since = cursor ? Date.parse(cursor.lastPublishedAt) : horizonMs;
      const posts: RawPost[] = [];
      const warnings: SourceError[] = [];
      let newest = cursor ? Date.parse(cursor.lastPublishedAt) : 0;
      let pageToken: string | undefined;
      let calls = 0;
      let threads = 0;
      for (let page = 0; page < config.maxPages; page += 1) {
        const r = await client.listThreads(filter, config.pageSize, pageToken);
        calls += 1;
        if (!r.ok) return r;
        if (r.value === 'comments_disabled') {
          ctx.logger.info({ sourceId: config.id }, 'youtube: comments are disabled on this video; nothing to collect');
          break;
        }
        let reachedKnown = false;
        for (const thread of r.value.items) {
          const published = Date.parse(thread.snippet.topLevelComment.snippet.publishedAt);
          // order=time: threads come newest first; the first one at or before the cursor ends the paging.
          if (published <= since && !(cursor === null && published === since)) {
            reachedKnown = true;
            continue;
          }
          const mapped = threadToRawPosts(thread, nctx);
          if (!mapped.ok) return mapped;
          posts.push(...mapped.value);
          newest = Math.max(newest, published);
          threads += 1;
        }
        pageToken = r.value.nextPageToken;
        if (reachedKnown || !pageToken || (!cursor && threads >= common.backfill.maxItems)) break;
        if (page === config.maxPages - 1) warnings.push(sourceError('BACKLOG', `youtube ${config.id}: more new threads than ${config.maxPages} pages; the oldest were not read`));
      }
      callsPerPoll = callsPerPoll * 0.8 + calls * 0.2;
      const lastPublishedAt = newest > 0 ? new Date(newest).toISOString() : (cursor?.lastPublishedAt ?? new Date(since).toISOString());
      return ok({ posts, cursor: { lastPublishedAt }, warnings, calls });
    },
  };
}
