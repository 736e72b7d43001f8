// RuTube comments: only partly confirmed (platforms.md §5). Known: results[], id, text, likes_number,
// replies_number. Author and time fields are guesses, read defensively; a page without them is SHAPE_CHANGED.
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import { buildRawPost, collectAll, type NormaliseContext } from '../normalise';

const RutubeComment = z.object({
  id: z.union([z.number(), z.string()]),
  text: z.string().default(''),
  likes_number: z.number().int().nonnegative().optional(),
  replies_number: z.number().int().nonnegative().optional(),
  created_ts: z.string().optional(),
  created: z.string().optional(),
  user: z.object({ id: z.union([z.number(), z.string()]).optional(), name: z.string().optional() }).partial().optional(),
  author: z.object({ id: z.union([z.number(), z.string()]).optional(), name: z.string().optional() }).partial().optional(),
});
export const RutubeComments = z.object({
  results: z.array(RutubeComment),
  comments_count: z.number().int().optional(),
  has_next: z.boolean().optional(),
  next: z.string().nullable().optional(),
});
export type RutubeComments = z.infer<typeof RutubeComments>;

export function rutubeCommentsToRawPosts(page: RutubeComments, videoId: string, context: NormaliseContext): Result<RawPost[], SourceError> {
  return collectAll(page.results.map((c) => {
    const when = c.created_ts ?? c.created;
    if (!when || Number.isNaN(Date.parse(when))) return err(sourceError('SHAPE_CHANGED', `RuTube comment ${c.id} has no created_ts/created time (the shape is unconfirmed, platforms.md §5)`));
    const who = c.user ?? c.author;
    return buildRawPost({
      uid: `rutube:${videoId}:${c.id}`,
      platform: 'rutube',
      source: 'video',
      kind: 'comment',
      parentUid: `rutube:${videoId}`,
      url: `https://rutube.ru/video/${videoId}/`,
      authorId: `rt_${who?.id ?? 'unknown'}`,
      authorName: who?.name ?? null,
      publishedAt: new Date(when).toISOString(),
      editedAt: null,
      version: 0,
      text: c.text,
      engagement: { likes: c.likes_number ?? 0, reposts: 0, comments: c.replies_number ?? 0, views: 0 },
      payload: { videoId, commentId: String(c.id) },
    }, context);
  }));
}
