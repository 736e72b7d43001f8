// The classifier's memory (repeat history, engagement baselines) and the step that classifies one post against it
// and adds the post to it. No I/O: the service feeds it, on its own thread or in a worker (engine/).
import { Classification, TopicCode, type ClassifiedPost, type RawPost, type RejectedPost, type RejectReason } from '@cur/shared/contracts/index';
import type { ClassifierConfig } from '../config';
import { postRow, type PostRow } from '../store/posts';
import { classifyPostDetailed, engagementScore } from './classify';
import { createMemoryHistory } from './steps/find-repeat';
import { normalizeText } from './text/normalize';

/** Weight of a new post in a source's running engagement baseline. */
const BASELINE_ALPHA = 0.05;
/** The history is pruned to its window after this many posts. */
const PRUNE_EVERY = 1000;

/** A post read back from the posts table at start. */
export interface WarmPost { uid: string; authorId: string; publishedAtMs: number; topic: string; text: string }

/** The labels of one post, checked against the contract, and why it goes no further (null: it goes on). */
export interface Verdict {
  classification: Classification;
  reject: { reason: RejectReason; detail: string } | null;
}

/** What one post became: its row in the posts table, and the message for posts.classified or posts.rejected. */
export interface PostOutcome {
  row: PostRow;
  classified?: ClassifiedPost;
  rejected?: RejectedPost;
}

/** The row and the message of a post from its verdict (the post itself was checked when it was consumed). */
export function outcomeOf(post: RawPost, { classification, reject }: Verdict, now: Date): PostOutcome {
  const row = postRow(post, classification, reject?.reason ?? null, now);
  const at = now.toISOString();
  return reject
    ? { row, rejected: { schemaVersion: 1, post, reason: reject.reason, detail: reject.detail, classification, rejectedAt: at } }
    : { row, classified: { schemaVersion: 1, post, classification, classifiedAt: at } };
}

export interface ClassifierState {
  /** Fills the history and baselines from what the posts table remembers. */
  warm(posts: readonly WarmPost[], baselines: ReadonlyArray<readonly [string, number]>): void;
  /** Classifies one post against everything before it, then remembers it. */
  classify(post: RawPost, now: Date): Verdict;
  historySize(): number;
  baselineSources(): number;
}

export function createClassifierState(config: ClassifierConfig): ClassifierState {
  const history = createMemoryHistory(Math.max(config.repeatWindowDays, 1), config.maxHistoryPerAuthor);
  const baselines = new Map<string, number>();
  let sincePrune = 0;
  return {
    warm(posts, warmBaselines) {
      for (const p of posts) {
        const topic = TopicCode.safeParse(p.topic);
        history.add({
          uid: p.uid, authorId: p.authorId, publishedAtMs: p.publishedAtMs,
          topic: topic.success ? topic.data : 'other', stems: [...new Set(normalizeText(p.text).stems)],
        });
      }
      for (const [source, baseline] of warmBaselines) baselines.set(source, baseline);
    },
    classify(post, now) {
      const { classification, reject, stems } = classifyPostDetailed(post, { history, baselines, config });
      history.add({ uid: post.uid, authorId: post.authorId, publishedAtMs: Date.parse(post.publishedAt), topic: classification.topic, stems });
      const score = engagementScore(post.engagement);
      if (score !== null) {
        const prev = baselines.get(post.sourceId);
        baselines.set(post.sourceId, prev === undefined ? score : prev + BASELINE_ALPHA * (score - prev));
      }
      if (++sincePrune >= PRUNE_EVERY) {
        history.prune(now.getTime());
        sincePrune = 0;
      }
      // Checked here, so a labelling bug fails this batch instead of reaching the router.
      return { classification: Classification.parse(classification), reject };
    },
    historySize: () => history.size(),
    baselineSources: () => baselines.size,
  };
}
