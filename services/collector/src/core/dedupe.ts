// Exactly-once by uid + version: which candidates are new, which are a new version of an edited post, which were seen.
import { createHash } from 'node:crypto';
import type { RawPost } from '@cur/shared/contracts/index';

export interface SeenVersion {
  version: number;
  contentHash: string;
}

/** A fingerprint of what a reader sees: the text and the edit mark. Likes and views do not make a new version. */
export function contentHash(post: Pick<RawPost, 'text' | 'editedAt'>): string {
  return createHash('sha1').update(post.text).update('\u0000').update(post.editedAt ?? '').digest('hex').slice(0, 20);
}

export interface DedupeResult {
  fresh: RawPost[];
  /** Candidates already published with the same content. */
  duplicates: number;
  /** Candidates that are a new version of a published uid. */
  newVersions: number;
}

/**
 * Keeps candidates not yet published. A known uid whose content changed is published again as a new version:
 * the platform's version (edit time) when it is newer, otherwise the previous version + 1 (a counter, for
 * platforms that mark an edit without its time, like t.me/s).
 */
export function selectFresh(candidates: readonly RawPost[], seen: ReadonlyMap<string, SeenVersion>, collectedAt: string): DedupeResult {
  const fresh: RawPost[] = [];
  const inBatch = new Map<string, SeenVersion>();
  let duplicates = 0;
  let newVersions = 0;
  for (const candidate of candidates) {
    const hash = contentHash(candidate);
    const previous = inBatch.get(candidate.uid) ?? seen.get(candidate.uid);
    if (!previous) {
      fresh.push(candidate);
      inBatch.set(candidate.uid, { version: candidate.version, contentHash: hash });
      continue;
    }
    if (previous.contentHash === hash || candidate.version < previous.version) {
      duplicates += 1;
      continue;
    }
    const version = candidate.version > previous.version ? candidate.version : previous.version + 1;
    const editedAt = candidate.editedAt ?? collectedAt;
    const next = { ...candidate, version, editedAt };
    fresh.push(next);
    inBatch.set(candidate.uid, { version, contentHash: contentHash(next) });
    newVersions += 1;
  }
  return { fresh, duplicates, newVersions };
}
