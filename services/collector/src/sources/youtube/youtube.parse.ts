// YouTube commentThreads.list answers (platforms.md §4) to RawPosts, and its error bodies to our codes. Pure.
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import { fragmentText } from '../markup';
import { buildRawPost, collectAll, type NormaliseContext } from '../normalise';

const Comment = z.object({
  id: z.string().min(1),
  snippet: z.object({
    channelId: z.string().optional(),
    videoId: z.string().optional(),
    textDisplay: z.string().default(''),
    textOriginal: z.string().optional(),
    parentId: z.string().optional(),
    authorDisplayName: z.string().optional(),
    authorChannelId: z.object({ value: z.string() }).optional(),
    likeCount: z.number().int().nonnegative().default(0),
    publishedAt: z.string(),
    updatedAt: z.string().optional(),
  }),
});
type Comment = z.infer<typeof Comment>;

export const CommentThreadList = z.object({
  kind: z.literal('youtube#commentThreadListResponse').optional(),
  nextPageToken: z.string().optional(),
  items: z.array(z.object({
    id: z.string(),
    snippet: z.object({
      channelId: z.string().optional(),
      videoId: z.string(),
      topLevelComment: Comment,
      totalReplyCount: z.number().int().nonnegative().default(0),
    }),
    replies: z.object({ comments: z.array(Comment) }).optional(),
  })),
});
export type CommentThreadList = z.infer<typeof CommentThreadList>;
export type CommentThread = CommentThreadList['items'][number];

/** textOriginal is the raw text; if absent, the html textDisplay read as text (<br> as new lines). */
export function commentText(snippet: Comment['snippet']): string {
  if (snippet.textOriginal !== undefined) return snippet.textOriginal;
  // textDisplay comes from JSON, so it may hold unpaired surrogates ("\udc00"): fragmentText never throws.
  return fragmentText(`<div>${snippet.textDisplay.replace(/<br\s*\/?>/gi, '\n')}</div>`, ($) => $('div').first().text());
}

const threadUid = (channel: string, video: string): string => `youtube:${channel}:${video}`;

function commentToRawPost(c: Comment, parentUid: string, channel: string, video: string, replies: number, context: NormaliseContext): Result<RawPost, SourceError> {
  const published = new Date(c.snippet.publishedAt).toISOString();
  const updated = c.snippet.updatedAt ? new Date(c.snippet.updatedAt).toISOString() : published;
  const isEdited = updated !== published;
  return buildRawPost({
    uid: `${threadUid(channel, video)}:${c.id}`,
    platform: 'youtube',
    source: 'video',
    kind: 'comment',
    parentUid,
    url: `https://www.youtube.com/watch?v=${video}&lc=${c.id}`,
    authorId: c.snippet.authorChannelId ? `yt_${c.snippet.authorChannelId.value}` : `yt_${c.snippet.authorDisplayName ?? 'unknown'}`,
    authorName: c.snippet.authorDisplayName ?? null,
    publishedAt: published,
    // updatedAt after publishedAt is an edit: its time is the version (platforms.md §4).
    editedAt: isEdited ? updated : null,
    version: isEdited ? Math.floor(Date.parse(updated) / 1000) : 0,
    text: commentText(c.snippet),
    engagement: { likes: c.snippet.likeCount, reposts: 0, comments: replies, views: 0 },
    payload: { videoId: video, commentId: c.id, channelId: channel },
  }, context);
}

/** A thread: its top-level comment and the replies the API included (a subset; platforms.md §4). */
export function threadToRawPosts(thread: CommentThread, context: NormaliseContext): Result<RawPost[], SourceError> {
  const video = thread.snippet.videoId;
  const channel = thread.snippet.channelId ?? thread.snippet.topLevelComment.snippet.channelId ?? 'unknown';
  const top = thread.snippet.topLevelComment;
  const topUid = `${threadUid(channel, video)}:${top.id}`;
  return collectAll([
    commentToRawPost(top, threadUid(channel, video), channel, video, thread.snippet.totalReplyCount, context),
    ...(thread.replies?.comments ?? []).map((r) => commentToRawPost(r, topUid, channel, video, 0, context)),
  ]);
}

const ErrorBody = z.object({
  error: z.object({
    code: z.number().int().optional(),
    message: z.string().default(''),
    errors: z.array(z.object({ reason: z.string().optional(), domain: z.string().optional() })).default([]),
  }),
});

/** Reads an error answer: comments switched off is no error, just nothing to collect. */
export function youtubeError(status: number, body: unknown, t: { nowMs: number; nextQuotaDayMs: number; skipRetryMs: number }): SourceError | 'comments_disabled' {
  const parsed = ErrorBody.safeParse(body);
  const reason = parsed.success ? parsed.data.error.errors[0]?.reason ?? '' : '';
  const message = `YouTube HTTP ${status}${reason ? ` ${reason}` : ''}: ${parsed.success ? parsed.data.error.message : 'no error body'}`;
  const base = { platformCode: reason || status };
  if (reason === 'commentsDisabled') return 'comments_disabled';
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    return sourceError('QUOTA_EXCEEDED', message, { ...base, scope: 'platform', retryAtMs: t.nextQuotaDayMs });
  }
  if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || status === 429) return sourceError('RATE_LIMITED', message, base);
  if (reason === 'keyInvalid' || reason === 'keyExpired' || status === 401) return sourceError('AUTH_FAILED', message, { ...base, scope: 'token' });
  if (status === 404 || /NotFound$/.test(reason)) return sourceError('NOT_FOUND', message, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
  if (status === 403) return sourceError('ACCESS_DENIED', message, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
  if (status === 400) return sourceError('BAD_CONFIG', message, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
  return sourceError('PLATFORM_ERROR', message, base);
}
