// An OK group: signed fb.do calls for its topics (mediatopic.getTopics) and their comments (discussions.getComments).
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { backoffDelayMs } from '../../core/backoff';
import type { Credentials } from '../../env';
import type { ResolvedCommon } from '../source.config';
import { checkShape, collectAll } from '../normalise';
import { createPacer, joinUrl, type PlatformDeps } from '../platform-deps';
import { pollStart } from '../poll-start';
import { sourceError, type Source, type SourceError } from '../source';
import type { OkGroupSource, OkPlatform } from './ok.config';
import { CommentsResponse, commentToRawPost, topicToRawPost, TopicsResponse, type MediaTopic } from './ok.parse';
import { okError } from './ok.parse';
import { okSignature } from './ok.sign';

export interface OkClient {
  call(method: string, params: Record<string, string | number | undefined>): Promise<Result<unknown, SourceError>>;
}

export function createOkClient(platform: OkPlatform, credentials: NonNullable<Credentials['ok']>, deps: PlatformDeps): OkClient {
  const pacer = createPacer(platform.requestsPerSec, deps);
  let dead: string | null = null;
  return {
    async call(method, params) {
      if (dead) return err(sourceError('AUTH_FAILED', `OK token is stopped: ${dead}`, { scope: 'token', method }));
      const query: Record<string, string | number> = { application_key: credentials.applicationKey, format: 'json', method };
      for (const [k, v] of Object.entries(params)) if (v !== undefined) query[k] = v;
      const sig = okSignature(query, credentials);
      for (let attempt = 0; ; attempt += 1) {
        await pacer.wait();
        const r = await deps.http.request({ url: joinUrl(platform.baseUrl, 'fb.do'), query: { ...query, sig, access_token: credentials.accessToken }, as: 'json' });
        if (!r.ok) return r;
        const e = okError(r.value.body, method, { nowMs: deps.clock.now().getTime(), skipRetryMs: platform.skipRetrySec * 1000 });
        if (!e) return ok(r.value.body);
        if (e.code === 'AUTH_FAILED') {
          dead = e.message;
          deps.logger.error({ method, platformCode: e.platformCode }, `OK token rejected; every OK source stops: ${e.message}`);
        }
        if (e.retriable && attempt + 1 < deps.maxAttempts) {
          await deps.sleep(backoffDelayMs(attempt, deps.backoff, deps.random));
          continue;
        }
        return err(e);
      }
    },
  };
}

const CommentCursor = z.object({ count: z.number(), createdMs: z.number() });
const Cursor = z.object({ lastCreatedMs: z.number(), comments: z.record(z.string(), CommentCursor).default({}) });
type Cursor = z.infer<typeof Cursor>;

export function createOkSource(config: OkGroupSource, common: ResolvedCommon, client: OkClient, platform: OkPlatform): Source {
  return {
    id: config.id,
    platform: 'ok',
    pollIntervalSec: common.pollIntervalSec,
    async poll(ctx) {
      const { cursor, now, horizonMs, nctx } = pollStart(Cursor, config.id, common, ctx);
      const commentHorizonMs = now.getTime() - config.comments.windowHours * 3600_000;
      const topics: Array<{ topic: MediaTopic; entities: TopicsResponse['entities'] }> = [];
      const warnings: SourceError[] = [];
      let anchor: string | undefined;
      let calls = 0;
      for (let page = 0; page < config.maxPages; page += 1) {
        const r = await client.call('mediatopic.getTopics', { gid: config.groupId, count: config.pageSize, anchor });
        calls += 1;
        if (!r.ok) return r;
        const shape = checkShape(TopicsResponse, r.value, 'mediatopic.getTopics');
        if (!shape.ok) return shape;
        let reachedKnown = false;
        for (const topic of shape.value.media_topics) {
          const isNew = cursor ? topic.created_ms > cursor.lastCreatedMs : topic.created_ms >= horizonMs;
          if (!isNew) reachedKnown = true;
          if (isNew || topic.created_ms >= commentHorizonMs) topics.push({ topic, entities: shape.value.entities });
        }
        // anchor/has_more paging is the usual OK pattern, not confirmed for this method (platforms.md §2.3 [U]).
        anchor = shape.value.anchor;
        if (reachedKnown || !shape.value.has_more || !anchor || (!cursor && topics.length >= common.backfill.maxItems)) break;
        if (page === config.maxPages - 1) warnings.push(sourceError('BACKLOG', `ok ${config.id}: more new topics than ${config.maxPages} pages; the oldest were not read`));
      }
      const selected = cursor ? topics : topics.slice(0, common.backfill.maxItems);
      const mapped = collectAll(selected.map(({ topic, entities }) => topicToRawPost(topic, config.groupId, entities, nctx)));
      if (!mapped.ok) return mapped;
      const posts: RawPost[] = [...mapped.value];

      const commentCursors: Cursor['comments'] = {};
      for (const [id, c] of Object.entries(cursor?.comments ?? {})) if (c.createdMs >= commentHorizonMs) commentCursors[id] = c;
      if (config.comments.enabled) {
        const due = selected
          .map((s) => s.topic)
          .filter((t) => t.created_ms >= commentHorizonMs && (t.discussion_summary?.comments_count ?? 0) > 0 && commentCursors[t.id]?.count !== t.discussion_summary?.comments_count)
          .slice(0, config.comments.maxTopicsPerPoll);
        for (const topic of due) {
          const read = await readTopicComments(client, config, platform, topic, nctx);
          calls += read.calls;
          if (!read.result.ok) {
            if (read.result.error.scope === 'token' || read.result.error.retriable) return read.result;
            warnings.push(read.result.error);
            continue;
          }
          posts.push(...read.result.value);
          commentCursors[topic.id] = { count: topic.discussion_summary?.comments_count ?? 0, createdMs: topic.created_ms };
        }
      }
      const lastCreatedMs = Math.max(cursor?.lastCreatedMs ?? 0, ...topics.map((t) => t.topic.created_ms));
      return ok({ posts, cursor: { lastCreatedMs, comments: commentCursors } satisfies Cursor, warnings, calls });
    },
  };
}

/** All comments of a topic, page by page (up to 5 pages); known ones are dropped later by uid. */
async function readTopicComments(client: OkClient, config: OkGroupSource, platform: OkPlatform, topic: MediaTopic, nctx: { sourceId: string; region: ResolvedCommon['region']; collectedAt: string }) {
  const posts: RawPost[] = [];
  let anchor: string | undefined;
  let calls = 0;
  for (let page = 0; page < 5; page += 1) {
    const r = await client.call('discussions.getComments', { discussionId: topic.id, discussionType: 'GROUP_TOPIC', count: config.comments.pageSize, anchor });
    calls += 1;
    if (!r.ok) return { result: r, calls };
    const shape = checkShape(CommentsResponse, r.value, 'discussions.getComments');
    if (!shape.ok) return { result: shape, calls };
    const mapped = collectAll(shape.value.comments.map((c) => commentToRawPost(c, config.groupId, topic.id, platform.commentTimeZone, nctx)));
    if (!mapped.ok) return { result: mapped, calls };
    posts.push(...mapped.value);
    anchor = shape.value.anchor;
    if (!shape.value.has_more || !anchor) break;
  }
  return { result: ok(posts) as Result<RawPost[], SourceError>, calls };
}
