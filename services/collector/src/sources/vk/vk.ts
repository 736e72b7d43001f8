// VK sources: a wall with the comments under its recent posts, a keyword search, the comments of a video.
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import type { ResolvedCommon } from '../source.config';
import { checkShape, collectAll, type NormaliseContext } from '../normalise';
import { pollStart } from '../poll-start';
import { sourceError, type PollResult, type Source, type SourceError } from '../source';
import type { VkClient } from './vk-client';
import type { VkSearchSource, VkVideoSource, VkWallSource } from './vk.config';
import { namesOf, VkCommentsResponse, vkCommentsToRawPosts, vkPostToRawPost, VkSearchResponse, VkWallResponse, type CommentTarget, type VkPost } from './vk.parse';

/** The poll's instant in VK's unit (unix seconds). */
const unixSec = (at: Date): number => Math.floor(at.getTime() / 1000);

// ---- comments (wall posts and videos share the shape) -------------------------------------------------

const CommentCursor = z.object({ count: z.number(), lastId: z.number(), date: z.number() });
type CommentCursor = z.infer<typeof CommentCursor>;

interface CommentRead {
  posts: RawPost[];
  lastId: number;
  calls: number;
}

/** Reads new comments newest first, page by page, until a known comment id (or the limits). */
async function readComments(
  client: VkClient, method: 'wall.getComments' | 'video.getComments', target: CommentTarget,
  options: { pageSize: number; maxPages: number; threadItems: number; lastId: number; horizonSec: number; maxItems: number },
  nctx: NormaliseContext, firstPage?: unknown,
): Promise<Result<CommentRead, SourceError>> {
  const posts: RawPost[] = [];
  let lastId = options.lastId;
  let calls = 0;
  for (let page = 0; page < options.maxPages; page += 1) {
    let body: unknown;
    if (page === 0 && firstPage !== undefined) body = firstPage;
    else {
      const r = await client.call(method, commentParams(method, target, options, page * options.pageSize));
      calls += 1;
      if (!r.ok) return r;
      body = r.value;
    }
    const shape = checkShape(VkCommentsResponse, body, method);
    if (!shape.ok) return shape;
    const mapped = vkCommentsToRawPosts(shape.value, target, nctx);
    if (!mapped.ok) return mapped;
    posts.push(...mapped.value);
    const ids = shape.value.items.map((c) => c.id);
    for (const p of mapped.value) lastId = Math.max(lastId, Number(p.uid.split(':').at(-1)));
    const reachedKnown = ids.some((id) => id <= options.lastId);
    const tooOld = shape.value.items.some((c) => c.date < options.horizonSec);
    if (reachedKnown || tooOld || shape.value.items.length < options.pageSize || posts.length >= options.maxItems) break;
  }
  return ok({ posts, lastId, calls });
}

function commentParams(method: string, t: CommentTarget, o: { pageSize: number; threadItems: number }, offset: number): Record<string, string | number> {
  const base = { owner_id: t.ownerId, need_likes: 1, count: o.pageSize, offset, sort: 'desc', extended: 1, thread_items_count: o.threadItems };
  return method === 'wall.getComments' ? { ...base, post_id: t.itemId, preview_length: 0 } : { ...base, video_id: t.itemId };
}

// ---- wall ------------------------------------------------------------------------------------------------

const WallCursor = z.object({ lastPostId: z.number(), comments: z.record(z.string(), CommentCursor).default({}) });
type WallCursor = z.infer<typeof WallCursor>;

export function createVkWallSource(config: VkWallSource, common: ResolvedCommon, client: VkClient): Source {
  client.register('wall.get');
  let callsPerPoll = 1;
  const ownerParam = typeof config.owner === 'number' ? { owner_id: config.owner } : { domain: config.owner };
  return {
    id: config.id,
    platform: 'vk',
    get pollIntervalSec() {
      return Math.max(common.pollIntervalSec, client.budgetIntervalSec('wall.get', callsPerPoll));
    },
    budget: () => client.state(),
    async poll(ctx): Promise<Result<PollResult, SourceError>> {
      const { cursor, now, nctx } = pollStart(WallCursor, config.id, common, ctx);
      const nowSec = unixSec(now);
      const horizonSec = nowSec - common.backfill.hours * 3600;
      const commentHorizonSec = nowSec - config.comments.windowHours * 3600;
      const seenPosts: VkPost[] = [];
      const posts: RawPost[] = [];
      const warnings: SourceError[] = [];
      let calls = 0;
      let names = new Map<number, string>();
      for (let page = 0; page < config.maxPages; page += 1) {
        const r = await client.call('wall.get', { ...ownerParam, offset: page * config.pageSize, count: config.pageSize, filter: config.filter, extended: 1 });
        calls += 1;
        if (!r.ok) return r;
        const shape = checkShape(VkWallResponse, r.value, 'wall.get');
        if (!shape.ok) return shape;
        names = new Map([...names, ...namesOf(shape.value)]);
        let reachedKnown = false;
        for (const item of shape.value.items) {
          // A pinned post comes first out of date order (platforms.md §1.5): it never ends the paging.
          const pinned = item.is_pinned === 1;
          const isNew = cursor ? item.id > cursor.lastPostId : item.date >= horizonSec;
          if (!pinned && !isNew) reachedKnown = true;
          // Known posts still in the comment window are kept: an edit shows up as a new version.
          if (isNew || item.date >= commentHorizonSec) seenPosts.push(item);
        }
        const firstStartFull = !cursor && seenPosts.length >= common.backfill.maxItems;
        if (reachedKnown || firstStartFull || shape.value.items.length < config.pageSize) break;
        if (page === config.maxPages - 1) {
          warnings.push(sourceError('BACKLOG', `vk wall ${config.id}: more new posts than ${config.maxPages} pages; the oldest were not read (raise maxPages or poll more often)`));
        }
      }
      const limited = cursor ? seenPosts : seenPosts.slice(0, common.backfill.maxItems);
      const mapped = collectAll(limited.map((p) => vkPostToRawPost(p, names, nctx)));
      if (!mapped.ok) return mapped;
      posts.push(...mapped.value);

      const commentCursors: WallCursor['comments'] = {};
      for (const [id, c] of Object.entries(cursor?.comments ?? {})) if (c.date >= commentHorizonSec) commentCursors[id] = c;
      if (config.comments.enabled) {
        // Only posts whose comment count moved are read: the count comes free with wall.get.
        const due = limited
          .filter((p) => p.date >= commentHorizonSec && (p.comments?.count ?? 0) > 0 && commentCursors[p.id]?.count !== p.comments?.count)
          .slice(0, config.comments.maxPostsPerPoll);
        const options = (p: VkPost) => ({
          pageSize: config.comments.pageSize, maxPages: 5, threadItems: config.comments.threadItems,
          lastId: commentCursors[p.id]?.lastId ?? 0, horizonSec: cursor ? 0 : horizonSec, maxItems: 10_000,
        });
        const targets = due.map((p) => ({ p, target: { on: 'wall' as const, ownerId: p.owner_id, itemId: p.id } }));
        // One execute carries up to 25 first pages (platforms.md §1.3: one execute = one request).
        const firstPages = new Map<number, Result<unknown, SourceError>>();
        for (let i = 0; i < targets.length; i += 25) {
          const chunk = targets.slice(i, i + 25);
          const batch = client.execute(chunk.map(({ p, target }) => ({ method: 'wall.getComments', params: commentParams('wall.getComments', target, options(p), 0) })));
          if (!batch) break;
          const r = await batch;
          calls += 1;
          if (!r.ok) return r;
          r.value.forEach((slot, j) => firstPages.set(chunk[j]!.p.id, slot));
        }
        for (const { p, target } of targets) {
          const first = firstPages.get(p.id);
          if (first && !first.ok) {
            warnings.push(first.error);
            continue;
          }
          const read = await readComments(client, 'wall.getComments', target, options(p), nctx, first?.ok ? first.value : undefined);
          if (!read.ok) {
            // A post whose comments are closed (212) does not stop the wall; token and quota errors do.
            if (read.error.scope === 'token' || read.error.scope === 'method' || read.error.retriable) return read;
            warnings.push(read.error);
            continue;
          }
          calls += read.value.calls;
          posts.push(...read.value.posts);
          commentCursors[p.id] = { count: p.comments?.count ?? 0, lastId: read.value.lastId, date: p.date };
        }
      }
      callsPerPoll = callsPerPoll * 0.8 + calls * 0.2;
      const lastPostId = Math.max(cursor?.lastPostId ?? 0, ...seenPosts.filter((p) => p.is_pinned !== 1).map((p) => p.id));
      return ok({ posts, cursor: { lastPostId, comments: commentCursors } satisfies WallCursor, warnings, calls });
    },
  };
}

// ---- keyword search ----------------------------------------------------------------------------------------

const SearchCursor = z.object({
  /** Everything published before this (unix s) was read. */
  doneUntil: z.number(),
  /** A window still being paged: its bounds and the opaque next_from. */
  pending: z.object({ startTime: z.number(), endTime: z.number(), startFrom: z.string() }).optional(),
});
type SearchCursor = z.infer<typeof SearchCursor>;
// Search results are indexed with a delay: each window starts a little before the last one ended.
const searchOverlapSec = 600;

export function createVkSearchSource(config: VkSearchSource, common: ResolvedCommon, client: VkClient): Source {
  client.register('newsfeed.search');
  let callsPerPoll = 1;
  return {
    id: config.id,
    platform: 'vk',
    get pollIntervalSec() {
      return Math.max(common.pollIntervalSec, client.budgetIntervalSec('newsfeed.search', callsPerPoll));
    },
    budget: () => client.state(),
    async poll(ctx) {
      const { cursor, now, nctx } = pollStart(SearchCursor, config.id, common, ctx);
      const nowSec = unixSec(now);
      const window = cursor?.pending ?? {
        startTime: cursor ? cursor.doneUntil - searchOverlapSec : nowSec - common.backfill.hours * 3600,
        endTime: nowSec,
        startFrom: undefined as string | undefined,
      };
      const posts: RawPost[] = [];
      let startFrom = window.startFrom;
      let calls = 0;
      for (let page = 0; page < config.maxPages; page += 1) {
        const r = await client.call('newsfeed.search', { q: config.query, count: config.pageSize, extended: 1, start_time: window.startTime, end_time: window.endTime, start_from: startFrom });
        calls += 1;
        if (!r.ok) return r;
        const shape = checkShape(VkSearchResponse, r.value, 'newsfeed.search');
        if (!shape.ok) return shape;
        const names = namesOf(shape.value);
        const mapped = collectAll(shape.value.items.map((p) => vkPostToRawPost(p, names, nctx)));
        if (!mapped.ok) return mapped;
        posts.push(...mapped.value);
        // next_from is opaque: passed back as start_from, never parsed (platforms.md §1.6).
        startFrom = shape.value.next_from;
        if (!startFrom || (!cursor && posts.length >= common.backfill.maxItems)) {
          startFrom = undefined;
          break;
        }
      }
      callsPerPoll = callsPerPoll * 0.8 + calls * 0.2;
      const next: SearchCursor = startFrom
        ? { doneUntil: cursor?.doneUntil ?? window.startTime, pending: { startTime: window.startTime, endTime: window.endTime, startFrom } }
        : { doneUntil: window.endTime };
      return ok({ posts, cursor: next, warnings: [], calls });
    },
  };
}

// ---- video comments ------------------------------------------------------------------------------------------

const VideoCursor = z.object({ lastId: z.number() });

export function createVkVideoSource(config: VkVideoSource, common: ResolvedCommon, client: VkClient): Source {
  return {
    id: config.id,
    platform: 'vk_video',
    pollIntervalSec: common.pollIntervalSec,
    budget: () => client.state(),
    async poll(ctx) {
      const can = client.canCall('video.getComments');
      if (!can.ok) return err(sourceError('AUTH_FAILED', can.reason, { scope: 'token', method: 'video.getComments' }));
      const { cursor, now, nctx } = pollStart(VideoCursor, config.id, common, ctx);
      const nowSec = unixSec(now);
      const read = await readComments(client, 'video.getComments', { on: 'video', ownerId: config.owner, itemId: config.videoId }, {
        pageSize: config.pageSize, maxPages: config.maxPages, threadItems: 10, lastId: cursor?.lastId ?? 0,
        horizonSec: cursor ? 0 : nowSec - common.backfill.hours * 3600, maxItems: cursor ? 100_000 : common.backfill.maxItems,
      }, nctx);
      if (!read.ok) return read;
      return ok({ posts: read.value.posts, cursor: { lastId: read.value.lastId }, warnings: [], calls: read.value.calls });
    },
  };
}
