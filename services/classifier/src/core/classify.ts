// Composes the classifier steps into one verdict per post, with the evidence of every step.
import type { Classification, Evidence, RejectReason } from '@cur/shared/contracts/index';
import { route, type RouteDecision } from '@cur/router/core/route';
import type { ClassifierConfig } from '../config';
import { classifyTopic } from './steps/classify-topic';
import { detectAbuse } from './steps/detect-abuse';
import { detectSpam } from './steps/detect-spam';
import { findRepeat, type PostHistory } from './steps/find-repeat';
import { locate } from './steps/locate';
import { rateImportance } from './steps/rate-importance';
import { normalizeText } from './text/normalize';

/** The fields of a RawPost the classifier reads. */
export interface ClassifyInput {
  uid: string;
  text: string;
  authorId: string;
  publishedAt: string;
  sourceId?: string;
  engagement?: { likes?: number; reposts?: number; comments?: number; views?: number } | null;
}

/** Usual engagement of a source (e.g. the median of likes + 2·reposts + comments), by source id. */
export type EngagementBaselines = ReadonlyMap<string, number> | Readonly<Record<string, number>>;

export interface ClassifyContext {
  history: PostHistory;
  baselines?: EngagementBaselines;
  config: ClassifierConfig;
}

export interface ClassifyOutcome {
  classification: Classification;
  /** set when the post is not processed further */
  reject: { reason: RejectReason; detail: string } | null;
  /** content stems, for the repeat history */
  stems: string[];
}

export const engagementScore = (e: ClassifyInput['engagement']): number | null =>
  e ? (e.likes ?? 0) + 2 * (e.reposts ?? 0) + (e.comments ?? 0) : null;

function baselineOf(baselines: EngagementBaselines | undefined, sourceId: string | undefined): number | null {
  if (!baselines || !sourceId) return null;
  const v = baselines instanceof Map ? baselines.get(sourceId) : (baselines as Record<string, number>)[sourceId];
  return typeof v === 'number' ? v : null;
}

export function classifyPostDetailed(post: ClassifyInput, ctx: ClassifyContext): ClassifyOutcome {
  const { config } = ctx;
  const text = normalizeText(post.text);
  const abuse = detectAbuse(text);
  const spam = detectSpam(post.text, text.plain);
  const topicVerdict = classifyTopic(text);
  const topic = spam.isSpam ? 'other' : topicVerdict.topic;
  const place = locate(post.text);
  const stems = [...new Set(text.stems)];
  const repeat = findRepeat(
    { uid: post.uid, authorId: post.authorId, publishedAtMs: Date.parse(post.publishedAt), topic, stems },
    ctx.history,
    {
      windowDays: config.repeatWindowDays,
      minSimilarity: config.repeatMinSimilarity,
      minSimilaritySameTopic: config.repeatMinSimilaritySameTopic,
      rejectWithoutNewArguments: config.rejectRepeatWithoutNewArguments,
      answeredAfterPosts: config.repeatAnsweredAfterPosts,
      maxNoveltyForReject: config.repeatMaxNovelty,
    },
  );
  const importance = rateImportance(
    {
      plain: text.plain,
      stems: text.stems,
      abuse: abuse.abuse,
      isSpam: spam.isSpam,
      location: place.location,
      engagement: engagementScore(post.engagement),
      engagementBaseline: baselineOf(ctx.baselines, post.sourceId),
      isRepeat: repeat.repeatOf !== null,
    },
    { resonanceFactor: config.resonanceFactor, resonanceMinEngagement: config.resonanceMinEngagement },
  );
  let reject: ClassifyOutcome['reject'] = null;
  if (abuse.abuse !== 'none') reject = { reason: 'abuse', detail: `${abuse.abuse}: ${abuse.evidence.matched.join(', ')} (${abuse.evidence.rule})` };
  else if (spam.isSpam) reject = { reason: 'spam', detail: `${spam.evidence.rule}: ${spam.evidence.matched.join(', ')}` };
  else if (repeat.rejectWithoutNewArguments) reject = { reason: 'repeat_without_new_arguments', detail: `repeat of ${repeat.repeatOf}: ${repeat.evidence.rule}` };

  // The rule of the labels: no answer is due to abuse, spam, low importance or a rejected repeat; such a post
  // is not routed at all.
  const answerBarred = reject !== null || importance.importance === 'low';
  const routed: RouteDecision = answerBarred
    ? { needsResponse: false, authorities: ['none'], evidence: [{ step: 'route', value: 'none', matched: [], rule: reject ? `rejected:${reject.reason}` : 'low-importance' }] }
    : route({ text: post.text, topic, location: place.location, importance: importance.importance, abuse: abuse.abuse, isSpam: spam.isSpam });
  const noAnswer = answerBarred || !routed.needsResponse;
  const authorities = noAnswer || routed.authorities.length === 0 ? (['none'] as const) : routed.authorities;
  const evidence: Evidence[] = [
    topicVerdict.evidence, place.evidence, importance.evidence, abuse.evidence, spam.evidence, repeat.evidence, ...routed.evidence,
  ];
  const classification: Classification = {
    topic,
    location: place.location,
    importance: importance.importance,
    abuse: abuse.abuse,
    isSpam: spam.isSpam,
    needsResponse: !noAnswer,
    repeatOf: repeat.repeatOf,
    authorities: [...authorities],
    evidence,
  };
  return { classification, reject, stems };
}

/** One post in, its Classification out (contracts: shared/src/contracts/classified-post.ts). */
export function classifyPost(post: ClassifyInput, ctx: ClassifyContext): Classification {
  return classifyPostDetailed(post, ctx).classification;
}
