// Classifier configuration: one strict zod schema, parsed once by main.ts (or a test) from a file or the environment.
import { z } from 'zod';

export const ClassifierConfig = z.object({
  groupId: z.string().min(1).default('classifier').describe('Consumer group on posts.raw'),
  repeatWindowDays: z.number().positive().default(14).describe('Window in which a post of the same author on the same question is a repeat'),
  repeatMinSimilarity: z.number().min(0).max(1).default(0.2).describe('Stem overlap (Jaccard) from which two posts of one author are on the same question'),
  repeatMinSimilaritySameTopic: z.number().min(0).max(1).default(0.1).describe('The same, when both posts have the same topic'),
  rejectRepeatWithoutNewArguments: z.boolean().default(false).describe('Omsk profile (п.14): reject a repeat with no new arguments on a question already answered'),
  repeatAnsweredAfterPosts: z.number().int().positive().default(2).describe('Earlier posts on the question that count as "answered several times" when answers are not tracked'),
  repeatMaxNovelty: z.number().min(0).max(1).default(0.3).describe('Share of new stems below which a repeat brings no new arguments'),
  resonanceFactor: z.number().positive().default(5).describe('Engagement this many times the source baseline makes a post high (resonance)'),
  resonanceMinEngagement: z.number().nonnegative().default(50).describe('Minimum engagement (likes + 2·reposts + comments) for the resonance rule'),
  historyWarmDays: z.number().positive().default(14).describe('Days of the posts table read at start to warm the repeat history and baselines'),
  maxHistoryPerAuthor: z.number().int().positive().default(50).describe('Posts kept in memory per author'),
  workerBatchTimeoutMs: z.number().int().positive().default(30_000).describe('A batch the worker thread has not answered by then (a runaway pattern on a hostile text) ends the worker: the batch fails and is retried, a post that hangs every time is dead-lettered, and the next batch gets a new worker'),
  engine: z.enum(['worker', 'inline']).default('worker').describe('Where posts are classified: on a worker thread (the service\'s own thread keeps the bus and the store), or inline on that thread'),
}).strict();
export type ClassifierConfig = z.infer<typeof ClassifierConfig>;
/** What a caller may pass: any subset, defaults fill the rest. */
export type ClassifierConfigInput = z.input<typeof ClassifierConfig>;

/** The defaults, as a parsed config. */
export const defaultClassifierConfig = (): ClassifierConfig => ClassifierConfig.parse({});
