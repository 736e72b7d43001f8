// The classifier service: posts.raw → classify → posts.classified or posts.rejected, and a row in the posts table.
// Posts come in batches (one partition, in order): classified one by one, then one insert and one publish per topic.
import type { Subscription } from '@cur/shared/bus/bus';
import { RawPost, Topics, type ClassifiedPost, type RejectedPost, type RejectReason } from '@cur/shared/contracts/index';
import type { PipelineService, ServiceDeps, ServiceHealth, ServiceState } from '@cur/shared/service';
import { ClassifierConfig, type ClassifierConfigInput } from './config';
import { outcomeOf } from './core/classifier-state';
import { createInlineEngine, type ClassifierEngine, type WarmData } from './engine/engine';
import { createWorkerEngine } from './engine/worker-engine';
import { engagementBaselines, insertPosts, recentPosts, type PostRow } from './store/posts';

const DAY_MS = 86_400_000;
const WARM_LIMIT = 200_000;

export interface ClassifierService extends PipelineService {
  /** Classifies one post (a batch of one). */
  handle(post: RawPost): Promise<void>;
  /** Classifies a batch of posts as the subscription does: one insert into posts, one publish per topic. */
  handleBatch(posts: readonly RawPost[]): Promise<void>;
}

/** What a test may swap: the worker thread's module (one that wraps the real one, e.g. to make a post hang it). */
export interface ClassifierInternals { workerEntry?: string }

/** `configInput` is parsed with the schema, so `{}` means every default; a bad key throws at construction. */
export function createClassifierService(deps: ServiceDeps, configInput: ClassifierConfigInput = {}, internals: ClassifierInternals = {}): ClassifierService {
  const config: ClassifierConfig = ClassifierConfig.parse(configInput);
  const { bus, store, clock } = deps;
  const logger = deps.logger.child({ service: 'classifier' });
  const counters: Record<string, number> = { classified: 0, rejected: 0, rejected_abuse: 0, rejected_spam: 0, rejected_repeat_without_new_arguments: 0, warmed: 0 };
  let state: ServiceState = 'idle';
  let lastError: string | null = null;
  let subscription: Subscription | null = null;

  /** The repeat history and baselines come from the posts table: at start, and again when a worker is replaced. */
  async function loadWarm(): Promise<WarmData> {
    const since = new Date(clock.now().getTime() - config.historyWarmDays * DAY_MS);
    const rows = await recentPosts(store, since, WARM_LIMIT);
    const baselines = [...await engagementBaselines(store, since)];
    counters.warmed = rows.length;
    logger.info({ event: 'classifier.warmed', posts: rows.length, sources: baselines.length }, 'history warmed from the posts table');
    return {
      posts: rows.map((r) => ({ uid: r.uid, authorId: r.author_id, publishedAtMs: Number(r.published_at_ms), topic: r.topic, text: r.text })),
      baselines,
    };
  }
  const engine: ClassifierEngine = config.engine === 'worker'
    ? createWorkerEngine(config, loadWarm, logger, internals.workerEntry)
    : createInlineEngine(config, loadWarm);

  /**
   * Classifies a batch of posts in order (each one sees the history of those before it), then writes every row
   * in one insert and publishes once per topic.
   */
  async function handleBatch(posts: readonly RawPost[]): Promise<void> {
    if (posts.length === 0) return;
    const now = clock.now();
    const verdicts = await engine.classifyBatch(posts, now);
    const rows: PostRow[] = [];
    const classified: { key: string; value: ClassifiedPost }[] = [];
    const rejected: { key: string; value: RejectedPost }[] = [];
    posts.forEach((post, i) => {
      const outcome = outcomeOf(post, verdicts[i]!, now);
      rows.push(outcome.row);
      if (outcome.rejected) {
        rejected.push({ key: post.uid, value: outcome.rejected });
        logger.debug({ event: 'classifier.rejected', uid: post.uid, reason: outcome.rejected.reason }, 'post rejected');
      } else if (outcome.classified) classified.push({ key: post.uid, value: outcome.classified });
    });
    // The rows first: if publishing fails the batch is retried and the rows are replaced, not doubled.
    await insertPosts(store, rows);
    // Both topics at once (one merged produce request on Kafka); no consumer orders one against the other.
    await Promise.all([
      rejected.length > 0 ? bus.publish(Topics.postsRejected, rejected) : Promise.resolve(),
      classified.length > 0 ? bus.publish(Topics.postsClassified, classified) : Promise.resolve(),
    ]);
    counters.classified! += classified.length;
    counters.rejected! += rejected.length;
    for (const { value } of rejected) {
      const reason: RejectReason = value.reason;
      counters[`rejected_${reason}`] = (counters[`rejected_${reason}`] ?? 0) + 1;
    }
  }

  return {
    name: 'classifier',
    handle: (post) => handleBatch([post]),
    handleBatch,
    async start() {
      if (state === 'running' || state === 'starting') return;
      state = 'starting';
      try {
        await engine.start();
        subscription = await bus.subscribe<RawPost>({
          topic: Topics.postsRaw,
          groupId: config.groupId,
          schema: RawPost,
          batchHandler: async (messages) => {
            try {
              await handleBatch(messages.map((m) => m.value));
            } catch (error) {
              lastError = (error as Error).message;
              logger.error({ event: 'classifier.failed', uids: messages.slice(0, 5).map((m) => m.value.uid), messages: messages.length, err: error }, 'classifying a batch of posts failed');
              throw error; // the bus retries, then handles the posts one at a time and dead-letters the failing one
            }
          },
        });
        state = 'running';
        logger.info({ event: 'classifier.started', groupId: config.groupId }, 'classifier running');
      } catch (error) {
        state = 'failed';
        lastError = (error as Error).message;
        throw error;
      }
    },
    async stop() {
      if (state === 'stopped' || state === 'idle') { state = 'stopped'; return; }
      state = 'stopping';
      await subscription?.stop();
      subscription = null;
      await engine.close();
      state = 'stopped';
    },
    health(): ServiceHealth {
      return {
        state,
        counters: { ...counters },
        details: { lastError, engine: engine.kind, ...engine.stats() },
      };
    },
  };
}
