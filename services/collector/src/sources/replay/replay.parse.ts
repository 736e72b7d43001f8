// One line of a JSON Lines file in the dev.jsonl format to a RawPost; labels are ignored. Pure.
import { z } from 'zod';
import { IsoInstant, SourceFamily, type RawPost, type RegionCode } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { buildRawPost } from '../normalise';

export const ReplayRecord = z.object({
  id: z.string().min(1).max(200),
  source: SourceFamily,
  kind: z.enum(['post', 'comment']),
  author_id: z.string().min(1).max(200),
  published_at: IsoInstant,
  text: z.string(),
});

export interface ReplayOptions {
  sourceId: string;
  region: RegionCode;
  /** 'published': collectedAt = published_at; otherwise this instant (the clock). */
  collectedAt: 'published' | string;
}

/** null for a blank line; an error message that names the line for anything unreadable. */
export function replayLineToRawPost(line: string, lineNo: number, options: ReplayOptions): Result<RawPost | null, string> {
  if (line.trim() === '') return ok(null);
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch (error) {
    return err(`line ${lineNo}: not JSON (${(error as Error).message})`);
  }
  const record = ReplayRecord.safeParse(data);
  if (!record.success) {
    const issue = record.error.issues[0];
    return err(`line ${lineNo}: ${issue?.path.join('.') || '(record)'}: ${issue?.message ?? 'invalid'}`);
  }
  const r = record.data;
  const post = buildRawPost({
    uid: `replay:${r.source}:${r.id}`,
    platform: 'replay',
    source: r.source,
    kind: r.kind,
    parentUid: null,
    url: `replay://${r.id}`,
    authorId: r.author_id,
    authorName: null,
    // The record keeps its own offset in publishedAt for readers; RawPost holds an instant either way.
    publishedAt: r.published_at,
    editedAt: null,
    version: 0,
    text: r.text,
    engagement: { likes: 0, reposts: 0, comments: 0, views: 0 },
    payload: { id: r.id },
  }, { sourceId: options.sourceId, region: options.region, collectedAt: options.collectedAt === 'published' ? r.published_at : options.collectedAt });
  return post.ok ? ok(post.value) : err(`line ${lineNo}: ${post.error.message}`);
}
