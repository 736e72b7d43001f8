// Throughput of the annotate core (posts/s on one core), on synthetic posts built from the training data, not dev.
import { trainingPairs } from '../../data/topic-training';
import { defaultClassifierConfig } from '../config';
import { createAnnotator, type EvalRecord } from '../core/annotate';
import { seededRandom as mulberry32 } from '@cur/shared/seeded-random';

export interface BenchOptions {
  posts?: number;
  runs?: number;
  seed?: number;
}

export interface BenchResult {
  name: string;
  posts: number;
  runs: number;
  /** median over runs, per second of this process's CPU time (fair on a shared machine) */
  postsPerSec: number;
  /** median over runs, per second of wall time */
  wallPostsPerSec: number;
  runsPostsPerSec: number[];
}


const PLACES = ['Липецк', 'Елец', 'Грязи', 'Данков', 'Лебедянь', 'Усмань', 'Задонск', 'Чаплыгин', 'Добринка', 'Тербуны'];
const TAILS = ['', ' Когда это закончится?', ' Помогите пожалуйста!!!', ' 😡😡', ' Администрация, ответьте.', ' Спасибо.', ' https://vk.com/wall-1_2'];

export function syntheticPosts(n: number, seed = 42): EvalRecord[] {
  const rnd = mulberry32(seed);
  const pairs = trainingPairs();
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const posts: EvalRecord[] = [];
  const start = Date.parse('2026-11-01T08:00:00+03:00');
  for (let i = 0; i < n; i++) {
    const parts = [pick(pairs).text];
    if (rnd() < 0.5) parts.push(pick(pairs).text);
    const text = `${pick(PLACES)}, ${parts.join('. ')}.${pick(TAILS)}`;
    posts.push({
      id: `bench-${i}`,
      author_id: `vk_${Math.floor(rnd() * n * 0.7)}`,
      published_at: new Date(start + i * 60_000).toISOString(),
      text,
    });
  }
  return posts;
}

export function benchAnnotate(options: BenchOptions = {}): BenchResult {
  const n = options.posts ?? 5000;
  const runs = options.runs ?? 5;
  const posts = syntheticPosts(n, options.seed ?? 42);
  // Warm-up: trains the model, compiles the lexicons, fills the stem cache the way a long-running service would.
  const warm = createAnnotator(defaultClassifierConfig());
  for (const p of posts.slice(0, 500)) warm(p);
  const rates: number[] = [];
  const wallRates: number[] = [];
  for (let r = 0; r < runs; r++) {
    const annotate = createAnnotator(defaultClassifierConfig());
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for (const p of posts) annotate(p);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    rates.push(n / ((cpu.user + cpu.system) / 1e6));
    wallRates.push(n / (wallMs / 1000));
  }
  const median = (xs: number[]): number => Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!);
  return {
    name: 'classifier.annotate',
    posts: n,
    runs,
    postsPerSec: median(rates),
    wallPostsPerSec: median(wallRates),
    runsPostsPerSec: rates.map(Math.round),
  };
}
