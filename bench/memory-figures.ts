// Pure parts of bench/memory.bench.ts: reading /proc/<pid>/status, summarising RSS samples by phase, and a
// consumer group's throughput from its committed offsets over time.
import { median } from './stats';

export interface ProcMemory {
  /** resident set (VmRSS), KiB */
  rssKiB: number;
  /** peak resident set so far (VmHWM), KiB */
  hwmKiB: number;
  /** anonymous resident pages (heap, stacks, chDB's allocations), KiB */
  anonKiB: number;
  /** file-backed resident pages (mapped code: node, libchdb.so), KiB; shared with other processes mapping the same file */
  fileKiB: number;
}

/** The memory lines of a /proc/<pid>/status text; undefined when it has none (a zombie, a kernel thread). */
export function parseProcStatus(text: string): ProcMemory | undefined {
  const field = (name: string): number | undefined => {
    const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
    return match ? Number(match[1]) : undefined;
  };
  const rssKiB = field('VmRSS');
  if (rssKiB === undefined) return undefined;
  return { rssKiB, hwmKiB: field('VmHWM') ?? rssKiB, anonKiB: field('RssAnon') ?? 0, fileKiB: field('RssFile') ?? 0 };
}

export type Phase = 'start' | 'idle' | 'steady' | 'burst' | 'drain' | 'after';
export const loadPhases: readonly Phase[] = ['steady', 'burst', 'drain'];

export interface MemorySample extends ProcMemory {
  /** ms since the bench started */
  t: number;
  phase: Phase;
  /** proportional set size (/proc/<pid>/smaps_rollup: shared pages divided among the processes mapping them), KiB; read about once a second */
  pssKiB?: number;
}

const mib = (kib: number): number => kib / 1024;
/** The largest value; NaN for none. */
export const maxOf = (values: readonly number[]): number => (values.length === 0 ? Number.NaN : Math.max(...values));

export interface MemorySummary {
  /** largest RSS from spawn until the idle phase (start-up: migrations, the classifier's warm-up) */
  startMaxRssMiB: number;
  idleRssMiB: number;
  idleAnonMiB: number;
  loadMedianRssMiB: number;
  loadMaxRssMiB: number;
  loadMaxAnonMiB: number;
  loadMaxPssMiB: number;
  afterRssMiB: number;
  samples: number;
}

/** Idle = median of the idle phase; load = the steady, burst and drain phases; after = median once the load drained. */
export function summariseMemory(samples: readonly MemorySample[]): MemorySummary {
  const of = (phases: readonly Phase[]) => samples.filter((s) => phases.includes(s.phase));
  const load = of(loadPhases);
  return {
    startMaxRssMiB: mib(maxOf(of(['start']).map((s) => s.rssKiB))),
    idleRssMiB: mib(median(of(['idle']).map((s) => s.rssKiB))),
    idleAnonMiB: mib(median(of(['idle']).map((s) => s.anonKiB))),
    loadMedianRssMiB: mib(median(load.map((s) => s.rssKiB))),
    loadMaxRssMiB: mib(maxOf(load.map((s) => s.rssKiB))),
    loadMaxAnonMiB: mib(maxOf(load.map((s) => s.anonKiB))),
    loadMaxPssMiB: mib(maxOf(load.flatMap((s) => (s.pssKiB === undefined ? [] : [s.pssKiB])))),
    afterRssMiB: mib(median(of(['after']).map((s) => s.rssKiB))),
    samples: samples.length,
  };
}

/** A consumer group on one topic at one instant: the topic's end offsets and the group's committed ones, summed over partitions. */
export interface GroupPoint {
  /** ms since the bench started */
  t: number;
  end: number;
  committed: number;
}

export const lagOf = (p: GroupPoint): number => Math.max(0, p.end - p.committed);

export interface WindowThroughput {
  /** messages the group committed in the window, per second of the window */
  msgsPerSec: number;
  /** largest lag seen in the window */
  maxLag: number;
}

/** Throughput of a group between two instants (from its committed offsets), and the largest lag in between. */
export function windowThroughput(points: readonly GroupPoint[], from: number, to: number): WindowThroughput {
  const inside = points.filter((p) => p.t >= from && p.t <= to);
  if (inside.length < 2) return { msgsPerSec: Number.NaN, maxLag: Number.NaN };
  const first = inside[0]!;
  const last = inside[inside.length - 1]!;
  return {
    msgsPerSec: (last.committed - first.committed) / Math.max(0.001, (last.t - first.t) / 1000),
    maxLag: Math.max(...inside.map(lagOf)),
  };
}

export interface DrainResult {
  /** messages committed from `from` until the lag first reached zero (or until the last point) */
  messages: number;
  /** seconds from `from` until the lag first reached zero after messages arrived; NaN when it never did */
  drainSec: number;
  /** messages per second over that time */
  msgsPerSec: number;
  /** the lag at the last point */
  lagLeft: number;
}

/**
 * How a group drained what arrived after `from` (a burst): the first point after `from` where the lag is zero and
 * the topic grew since `from` (upstream stages publish into it while the burst passes through them).
 */
export function drainAfter(points: readonly GroupPoint[], from: number, settledAfter = 0): DrainResult {
  const before = [...points].reverse().find((p) => p.t <= from) ?? points[0];
  const after = points.filter((p) => p.t > from);
  if (!before || after.length === 0) return { messages: 0, drainSec: Number.NaN, msgsPerSec: Number.NaN, lagLeft: Number.NaN };
  const done = after.find((p) => p.t >= settledAfter && p.end > before.end && lagOf(p) === 0);
  const last = after[after.length - 1]!;
  const until = done ?? last;
  const messages = until.committed - before.committed;
  const seconds = (until.t - from) / 1000;
  return { messages, drainSec: done ? seconds : Number.NaN, msgsPerSec: messages / Math.max(0.001, seconds), lagLeft: lagOf(last) };
}
