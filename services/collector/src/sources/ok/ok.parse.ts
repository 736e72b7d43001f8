// OK group topics and their comments (platforms.md §2.3) to RawPosts, and OK error codes (§2.4) to ours. Pure.
import { DateTime } from 'luxon';
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import type { Result } from '@cur/shared/result';
import { err } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import { buildRawPost, type NormaliseContext } from '../normalise';

const Summary = z.object({ count: z.number().int().nonnegative().optional() }).partial();

export const MediaTopic = z.object({
  id: z.string().min(1),
  created_ms: z.number().int(),
  author_ref: z.string().optional(),
  owner_ref: z.string().optional(),
  media: z.array(z.object({ type: z.string(), text: z.string().optional(), photo_refs: z.array(z.string()).optional() }).passthrough()).default([]),
  discussion_summary: z.object({ comments_count: z.number().int().nonnegative() }).partial().optional(),
  like_summary: Summary.optional(),
  reshare_summary: Summary.optional(),
});
export type MediaTopic = z.infer<typeof MediaTopic>;

const Entity = z.object({ ref: z.string(), name: z.string().optional(), first_name: z.string().optional(), last_name: z.string().optional() }).passthrough();
export const TopicsResponse = z.object({
  media_topics: z.array(MediaTopic),
  entities: z.object({ groups: z.array(Entity).optional(), users: z.array(Entity).optional() }).passthrough().optional(),
  anchor: z.string().optional(),
  has_more: z.boolean().optional(),
});
export type TopicsResponse = z.infer<typeof TopicsResponse>;

export const OkComment = z.object({
  id: z.string().min(1),
  author_id: z.string().optional(),
  text: z.string().default(''),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/),
  like_count: z.number().int().nonnegative().optional(),
  reply_to_comment_id: z.string().optional(),
});
export const CommentsResponse = z.object({ comments: z.array(OkComment).default([]), anchor: z.string().optional(), has_more: z.boolean().optional() });
export type CommentsResponse = z.infer<typeof CommentsResponse>;

export const okTopicUid = (gid: string, topicId: string): string => `ok:${gid}:${topicId}`;

/** "user:574839201746" → "ok_574839201746". */
const authorIdOf = (ref: string | undefined, fallback: string): string => `ok_${ref?.split(':')[1] ?? fallback}`;

export function topicToRawPost(topic: MediaTopic, gid: string, entities: TopicsResponse['entities'], context: NormaliseContext): Result<RawPost, SourceError> {
  const names = new Map<string, string>();
  for (const e of [...(entities?.groups ?? []), ...(entities?.users ?? [])]) {
    const name = e.name ?? [e.first_name, e.last_name].filter(Boolean).join(' ');
    if (name) names.set(e.ref, name);
  }
  const text = topic.media.filter((m) => m.type === 'text' && m.text).map((m) => m.text!).join('\n\n');
  const mediaTypes = topic.media.map((m) => m.type).filter((t) => t !== 'text');
  return buildRawPost({
    uid: okTopicUid(gid, topic.id),
    platform: 'ok',
    source: 'ok',
    kind: 'post',
    parentUid: null,
    url: `https://ok.ru/group/${gid}/topic/${topic.id}`,
    authorId: authorIdOf(topic.author_ref, gid),
    authorName: (topic.author_ref && names.get(topic.author_ref)) || null,
    publishedAt: new Date(topic.created_ms).toISOString(),
    editedAt: null,
    version: 0,
    text,
    engagement: { likes: topic.like_summary?.count ?? 0, reposts: topic.reshare_summary?.count ?? 0, comments: topic.discussion_summary?.comments_count ?? 0, views: 0 },
    payload: { groupId: gid, topicId: topic.id, authorRef: topic.author_ref, media: mediaTypes.length > 0 ? mediaTypes : undefined },
  }, context);
}

/** OK comment dates carry no zone; the configured zone is applied (Moscow by default; platforms.md §2.3 [U]). */
export function okDateToIso(date: string, zone: string): string | null {
  const dt = DateTime.fromFormat(date, 'yyyy-MM-dd HH:mm:ss', { zone });
  return dt.isValid ? dt.toUTC().toISO() : null;
}

export function commentToRawPost(c: z.infer<typeof OkComment>, gid: string, topicId: string, zone: string, context: NormaliseContext): Result<RawPost, SourceError> {
  const publishedAt = okDateToIso(c.date, zone);
  if (!publishedAt) return err(sourceError('SHAPE_CHANGED', `OK comment ${c.id}: unreadable date "${c.date}"`));
  const topicUid = okTopicUid(gid, topicId);
  return buildRawPost({
    uid: `${topicUid}:${c.id}`,
    platform: 'ok',
    source: 'ok',
    kind: 'comment',
    parentUid: c.reply_to_comment_id ? `${topicUid}:${c.reply_to_comment_id}` : topicUid,
    url: `https://ok.ru/group/${gid}/topic/${topicId}`,
    authorId: `ok_${c.author_id ?? 'unknown'}`,
    authorName: null,
    publishedAt,
    editedAt: null,
    version: 0,
    text: c.text,
    engagement: { likes: c.like_count ?? 0, reposts: 0, comments: 0, views: 0 },
    payload: { groupId: gid, topicId, commentId: c.id },
  }, context);
}

const OkErrorBody = z.object({ error_code: z.number().int(), error_msg: z.string().nullable().default('') });

/** The flat OK error object as our error, or null when the body is not an error. */
export function okError(body: unknown, method: string, t: { nowMs: number; skipRetryMs: number }): SourceError | null {
  const parsed = OkErrorBody.safeParse(body);
  if (!parsed.success) return null;
  const code = parsed.data.error_code;
  const text = `OK ${method} error ${code}: ${parsed.data.error_msg ?? ''}`;
  const base = { platformCode: code, method };
  switch (code) {
    case 2:
    case 9999:
      return sourceError('SERVER_ERROR', text, base);
    case 8:
    case 11:
      return sourceError('RATE_LIMITED', text, base);
    case 101:
    case 102:
    case 103:
    case 104:
    case 105:
    case 453:
      return sourceError('AUTH_FAILED', text, { ...base, scope: 'token' });
    case 7:
    case 9:
    case 10:
    case 200:
    case 455:
    case 456:
    case 457:
    case 458:
      return sourceError('ACCESS_DENIED', text, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
    case 300:
      return sourceError('NOT_FOUND', text, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
    case 100:
    case 110:
    case 160:
      return sourceError('BAD_CONFIG', text, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
    default:
      return sourceError('PLATFORM_ERROR', text, base);
  }
}
