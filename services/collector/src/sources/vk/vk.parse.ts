// VK responses (platforms.md §1.5) to RawPosts, and VK error codes (§1.7) to our error codes. Pure.
import { z } from 'zod';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import { buildRawPost, checkShape, collectAll, unixToIso, type NormaliseContext } from '../normalise';

const Count = z.object({ count: z.number().int().nonnegative() }).partial();
const Attachment = z.object({ type: z.string() }).passthrough();

const VkCopy = z.object({
  id: z.number().int(),
  owner_id: z.number().int(),
  from_id: z.number().int().optional(),
  date: z.number().int().optional(),
  text: z.string().default(''),
  attachments: z.array(Attachment).optional(),
});

export const VkPost = z.object({
  id: z.number().int(),
  owner_id: z.number().int(),
  from_id: z.number().int(),
  date: z.number().int(),
  text: z.string(),
  edited: z.number().int().optional(),
  is_pinned: z.number().int().optional(),
  post_type: z.string().optional(),
  signer_id: z.number().int().optional(),
  marked_as_ads: z.number().int().optional(),
  attachments: z.array(Attachment).optional(),
  copy_history: z.array(VkCopy).optional(),
  likes: Count.optional(),
  reposts: Count.optional(),
  comments: Count.optional(),
  views: Count.optional(),
});
export type VkPost = z.infer<typeof VkPost>;

const Profile = z.object({ id: z.number().int(), first_name: z.string().optional(), last_name: z.string().optional() });
const Group = z.object({ id: z.number().int(), name: z.string().optional() });
const Extended = { profiles: z.array(Profile).optional(), groups: z.array(Group).optional() };

export const VkWallResponse = z.object({ count: z.number().int(), items: z.array(VkPost), ...Extended });
export const VkSearchResponse = z.object({ items: z.array(VkPost), count: z.number().int().optional(), total_count: z.number().int().optional(), next_from: z.string().optional(), ...Extended });

const VkCommentBase = z.object({
  id: z.number().int(),
  from_id: z.number().int(),
  date: z.number().int(),
  text: z.string().default(''),
  deleted: z.boolean().optional(),
  parents_stack: z.array(z.number().int()).optional(),
  reply_to_comment: z.number().int().optional(),
  reply_to_user: z.number().int().optional(),
  likes: Count.optional(),
  attachments: z.array(Attachment).optional(),
});
export const VkComment = VkCommentBase.extend({
  thread: z.object({ count: z.number().int(), items: z.array(VkCommentBase).default([]) }).partial().optional(),
});
export type VkComment = z.infer<typeof VkComment>;
export const VkCommentsResponse = z.object({ count: z.number().int(), items: z.array(VkComment), current_level_count: z.number().int().optional(), ...Extended });
export type VkCommentsResponse = z.infer<typeof VkCommentsResponse>;

export type VkNames = Map<number, string>;

/** Author names from an extended response: users by id, communities by negative id. */
export function namesOf(response: { profiles?: Array<z.infer<typeof Profile>> | undefined; groups?: Array<z.infer<typeof Group>> | undefined }): VkNames {
  const names: VkNames = new Map();
  for (const p of response.profiles ?? []) names.set(p.id, [p.first_name, p.last_name].filter(Boolean).join(' '));
  for (const g of response.groups ?? []) if (g.name) names.set(-g.id, g.name);
  return names;
}

/** VK mentions "[id123|Сергей]" and "[club1|Имя]" read as their display text. */
export const vkPlainText = (text: string): string => text.replace(/\[(?:id|club|public|event)\d+\|([^\]]*)\]/g, '$1');

const attachmentTypes = (a: Array<{ type: string }> | undefined): string[] | undefined => (a && a.length > 0 ? a.map((x) => x.type) : undefined);
const linksOf = (a: Array<Record<string, unknown>> | undefined): string[] => (a ?? [])
  .filter((x) => x.type === 'link')
  .map((x) => (x.link as { url?: string } | undefined)?.url)
  .filter((u): u is string => typeof u === 'string');

export const vkPostUid = (ownerId: number, postId: number): string => `vk:${ownerId}:${postId}`;
export const vkPostUrl = (ownerId: number, postId: number): string => `https://vk.com/wall${ownerId}_${postId}`;

export function vkPostToRawPost(post: VkPost, names: VkNames, context: NormaliseContext): Result<RawPost, SourceError> {
  const copies = post.copy_history ?? [];
  // A repost carries its own words plus the original: both matter to a reader.
  const quoted = copies.flatMap((c) => {
    const titles = (c.attachments ?? []).filter((a) => a.type === 'link').map((a) => (a.link as { title?: string } | undefined)?.title).filter(Boolean);
    return [c.text, ...titles].filter((t): t is string => typeof t === 'string' && t.length > 0);
  });
  const text = [vkPlainText(post.text), ...quoted.map(vkPlainText)].filter((t) => t.length > 0).join('\n\n');
  return buildRawPost({
    uid: vkPostUid(post.owner_id, post.id),
    platform: 'vk',
    source: 'vk',
    kind: 'post',
    parentUid: null,
    url: vkPostUrl(post.owner_id, post.id),
    authorId: `vk_${post.from_id}`,
    authorName: names.get(post.from_id) ?? null,
    publishedAt: unixToIso(post.date),
    editedAt: post.edited ? unixToIso(post.edited) : null,
    version: post.edited ?? 0,
    text,
    engagement: { likes: post.likes?.count ?? 0, reposts: post.reposts?.count ?? 0, comments: post.comments?.count ?? 0, views: post.views?.count ?? 0 },
    payload: {
      ownerId: post.owner_id, postId: post.id, fromId: post.from_id, postType: post.post_type, signerId: post.signer_id,
      isPinned: post.is_pinned === 1 ? true : undefined, markedAsAds: post.marked_as_ads === 1 ? true : undefined,
      attachments: attachmentTypes(post.attachments),
      repostOf: copies.length > 0 ? copies.map((c) => vkPostUid(c.owner_id, c.id)) : undefined,
      links: [...linksOf(post.attachments), ...copies.flatMap((c) => linksOf(c.attachments))],
    },
  }, context);
}

export interface CommentTarget {
  /** 'wall': comments of post `itemId` on `ownerId`'s wall; 'video': of video `itemId`. */
  on: 'wall' | 'video';
  ownerId: number;
  itemId: number;
}

export const vkItemUid = (t: CommentTarget): string => (t.on === 'wall' ? vkPostUid(t.ownerId, t.itemId) : `vk_video:${t.ownerId}:${t.itemId}`);
export const vkCommentUid = (t: CommentTarget, commentId: number): string => `${vkItemUid(t)}:${commentId}`;

function commentUrl(t: CommentTarget, id: number, threadOf: number | undefined): string {
  if (t.on === 'video') return `https://vk.com/video${t.ownerId}_${t.itemId}`;
  return `${vkPostUrl(t.ownerId, t.itemId)}?reply=${id}${threadOf !== undefined ? `&thread=${threadOf}` : ''}`;
}

/** The comments of a page and the replies in their threads, flattened; deleted comments are left out. */
export function vkCommentsToRawPosts(response: VkCommentsResponse, target: CommentTarget, context: NormaliseContext): Result<RawPost[], SourceError> {
  const names = namesOf(response);
  const flat: Array<{ c: z.infer<typeof VkCommentBase> & { thread?: unknown }; threadOf: number | undefined }> = [];
  for (const c of response.items) {
    flat.push({ c, threadOf: undefined });
    for (const r of c.thread?.items ?? []) flat.push({ c: r, threadOf: c.id });
  }
  return collectAll(flat.filter(({ c }) => !c.deleted).map(({ c, threadOf }) => {
    const parentId = c.reply_to_comment ?? threadOf ?? c.parents_stack?.at(-1);
    return buildRawPost({
      uid: vkCommentUid(target, c.id),
      platform: target.on === 'wall' ? 'vk' : 'vk_video',
      source: target.on === 'wall' ? 'vk' : 'video',
      kind: 'comment',
      parentUid: parentId !== undefined ? vkCommentUid(target, parentId) : vkItemUid(target),
      url: commentUrl(target, c.id, threadOf),
      authorId: `vk_${c.from_id}`,
      authorName: names.get(c.from_id) ?? null,
      publishedAt: unixToIso(c.date),
      editedAt: null,
      version: 0,
      text: vkPlainText(c.text),
      engagement: { likes: c.likes?.count ?? 0, reposts: 0, comments: 0, views: 0 },
      payload: { commentId: c.id, fromId: c.from_id, replyToUser: c.reply_to_user, attachments: attachmentTypes(c.attachments) },
    }, context);
  }));
}

// ---- errors ------------------------------------------------------------------------------------------

export const VkErrorBody = z.object({ error: z.object({ error_code: z.number().int(), error_msg: z.string().default('') }) });

export interface VkErrorTiming {
  nowMs: number;
  /** Start of the next VK day (error 29 blocks the method until then). */
  nextDayMs: number;
  /** How long a source whose content is closed rests. */
  skipRetryMs: number;
}

/** A VK error_code as our error, by meaning (platforms.md §1.7). */
export function vkError(code: number, message: string, method: string, t: VkErrorTiming): SourceError {
  const base = { platformCode: code, method };
  const text = `VK ${method} error ${code}: ${message}`;
  switch (code) {
    case 6:
    case 9:
    case 14:
      return sourceError('RATE_LIMITED', text, base);
    case 10:
      return sourceError('SERVER_ERROR', text, base);
    case 5:
      return sourceError('AUTH_FAILED', text, { ...base, scope: 'token' });
    case 15:
    case 18:
    case 19:
    case 30:
    case 200:
    case 203:
    case 212:
    case 801:
      return sourceError('ACCESS_DENIED', text, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
    case 29:
      return sourceError('QUOTA_EXCEEDED', text, { ...base, scope: 'method', retryAtMs: t.nextDayMs });
    case 100:
    case 113:
      return sourceError('BAD_CONFIG', text, { ...base, scope: 'source', retryAtMs: t.nowMs + t.skipRetryMs });
    default:
      return sourceError('PLATFORM_ERROR', text, base);
  }
}

/** Splits a VK envelope into its response or its error. */
export function readVkEnvelope(body: unknown, method: string, t: VkErrorTiming): Result<{ response: unknown; executeErrors: Array<{ method?: string; error_code: number; error_msg?: string }> }, SourceError> {
  const failure = VkErrorBody.safeParse(body);
  if (failure.success) return err(vkError(failure.data.error.error_code, failure.data.error.error_msg, method, t));
  if (!body || typeof body !== 'object' || !('response' in body)) {
    return err(sourceError('SHAPE_CHANGED', `VK ${method}: neither "response" nor "error" in the answer`, { method }));
  }
  const executeErrors = Array.isArray((body as { execute_errors?: unknown }).execute_errors)
    ? ((body as unknown as { execute_errors: Array<{ method?: string; error_code: number; error_msg?: string }> }).execute_errors)
    : [];
  return ok({ response: (body as { response: unknown }).response, executeErrors });
}

export const checkVk = checkShape;
