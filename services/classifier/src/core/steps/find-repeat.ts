// Repeat step: the same author on the same question within a window; optionally (Omsk) a repeat with nothing new is rejected.
import type { Evidence, TopicCode } from '@cur/shared/contracts/index';

/** What the classifier remembers of an earlier post. */
export interface HistoryEntry {
  uid: string;
  authorId: string;
  publishedAtMs: number;
  topic: TopicCode;
  /** distinct content stems */
  stems: readonly string[];
  /** an answer was published to it (when the shell knows) */
  answered?: boolean;
}

/** Read access to earlier posts of an author; the shell keeps it (in memory, warmed from the posts table). */
export interface PostHistory {
  byAuthor(authorId: string): readonly HistoryEntry[];
}

export interface RepeatOptions {
  windowDays: number;
  /** stem overlap (Jaccard) from which two posts are on the same question */
  minSimilarity: number;
  /** a lower overlap suffices when the topic is the same */
  minSimilaritySameTopic: number;
  /** Omsk profile: reject a repeat that brings no new arguments after answers were given */
  rejectWithoutNewArguments: boolean;
  /** how many earlier posts on the question count as "answered several times" when answers are not tracked */
  answeredAfterPosts: number;
  /** share of the post's stems not seen in the earlier posts below which it brings nothing new */
  maxNoveltyForReject: number;
}

export const defaultRepeatOptions: RepeatOptions = {
  windowDays: 14,
  minSimilarity: 0.2,
  minSimilaritySameTopic: 0.1,
  rejectWithoutNewArguments: false,
  answeredAfterPosts: 2,
  maxNoveltyForReject: 0.3,
};

export interface RepeatVerdict {
  repeatOf: string | null;
  /** true only under rejectWithoutNewArguments */
  rejectWithoutNewArguments: boolean;
  evidence: Evidence;
}

const DAY_MS = 86_400_000;

export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const x of a) if (b.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

export function findRepeat(
  post: { uid: string; authorId: string; publishedAtMs: number; topic: TopicCode; stems: readonly string[] },
  history: PostHistory,
  options: RepeatOptions = defaultRepeatOptions,
): RepeatVerdict {
  const none: RepeatVerdict = {
    repeatOf: null, rejectWithoutNewArguments: false, evidence: { step: 'repeat', value: 'none', matched: [], rule: 'no-earlier-post' },
  };
  if (!post.authorId) return none;
  const mine = new Set(post.stems);
  const since = post.publishedAtMs - options.windowDays * DAY_MS;
  let best: { entry: HistoryEntry; similarity: number } | null = null;
  const related: HistoryEntry[] = [];
  for (const entry of history.byAuthor(post.authorId)) {
    if (entry.uid === post.uid || entry.publishedAtMs > post.publishedAtMs || entry.publishedAtMs < since) continue;
    const similarity = jaccard(mine, new Set(entry.stems));
    const needed = entry.topic === post.topic ? options.minSimilaritySameTopic : options.minSimilarity;
    if (similarity < needed) continue;
    related.push(entry);
    // The earliest post on the question is the one answered first: link to it.
    if (!best || entry.publishedAtMs < best.entry.publishedAtMs) best = { entry, similarity };
  }
  if (!best) return none;
  let reject = false;
  let novelty = 1;
  if (options.rejectWithoutNewArguments) {
    const earlier = new Set(related.flatMap((e) => e.stems));
    const fresh = [...mine].filter((s) => !earlier.has(s)).length;
    novelty = mine.size > 0 ? fresh / mine.size : 0;
    const answered = related.some((e) => e.answered) || related.length >= options.answeredAfterPosts;
    reject = answered && novelty < options.maxNoveltyForReject;
  }
  return {
    repeatOf: best.entry.uid,
    rejectWithoutNewArguments: reject,
    evidence: {
      step: 'repeat',
      value: reject ? 'repeat_without_new_arguments' : 'repeat',
      score: Math.round(best.similarity * 1000) / 1000,
      matched: [best.entry.uid],
      rule: reject ? `novelty ${novelty.toFixed(2)} after ${related.length} earlier posts` : 'same-author-same-question',
    },
  };
}

/** An in-memory history bounded by a window; pure, with time passed in. */
export function createMemoryHistory(windowDays: number, maxPerAuthor = 50): PostHistory & {
  add(entry: HistoryEntry): void;
  prune(nowMs: number): void;
  size(): number;
} {
  const byAuthor = new Map<string, HistoryEntry[]>();
  return {
    byAuthor: (authorId) => byAuthor.get(authorId) ?? [],
    add(entry) {
      const list = byAuthor.get(entry.authorId) ?? [];
      const at = list.findIndex((e) => e.uid === entry.uid);
      if (at >= 0) list[at] = entry;
      else list.push(entry);
      if (list.length > maxPerAuthor) list.splice(0, list.length - maxPerAuthor);
      byAuthor.set(entry.authorId, list);
    },
    prune(nowMs) {
      const since = nowMs - windowDays * DAY_MS;
      for (const [author, list] of byAuthor) {
        const kept = list.filter((e) => e.publishedAtMs >= since);
        if (kept.length === 0) byAuthor.delete(author);
        else byAuthor.set(author, kept);
      }
    },
    size: () => {
      let n = 0;
      for (const list of byAuthor.values()) n += list.length;
      return n;
    },
  };
}
