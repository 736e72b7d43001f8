// The figures both end-to-end benches report, from their bursts and their steady run.
import type { Bus } from '@cur/shared/bus/bus';
import { round, runSteady, type BurstResult, type Rig, type SteadyResult } from '../test/drills/support/pipeline-load';
import type { Store } from '@cur/shared/store/clickhouse';
import type { CoalescingStats } from '@cur/shared/store/coalescing-store';
import { runtimeNodeFlags } from '../runtime/node-flags';
import { median } from './stats';

/** What the store's one session did since it opened: statements, busy ms and rows per kind, busiest first. */
export function storeBusyLine(coalescing: CoalescingStats | undefined): string {
  const busy = coalescing?.busy;
  if (!busy) return '';
  const total = Object.values(busy).reduce((n, b) => n + b.ms, 0);
  const kinds = Object.entries(busy).sort((a, b) => b[1].ms - a[1].ms).map(([k, b]) => [k, [b.statements, Math.round(b.ms), b.rows]]);
  return `  store busy since it opened (statements, ms, rows): ${JSON.stringify(Object.fromEntries(kinds))}; total ${Math.round(total)} ms\n`;
}

/** Bytes each table holds per burst post (uncompressed, active parts): what the store parses, writes and merges. */
export async function storeBytesLine(store: Store, posts: number): Promise<string> {
  const rows = await store.query<{ table: string; rows: string; bytes: string }>(
    "SELECT table, sum(rows) AS rows, sum(data_uncompressed_bytes) AS bytes FROM system.parts WHERE active AND database = currentDatabase() GROUP BY table HAVING rows > 0 ORDER BY bytes DESC",
  );
  const perPost = rows.map((r) => [r.table, [round(Number(r.rows) / posts, 2), Math.round(Number(r.bytes) / posts)]]);
  return `  store tables per post (rows, uncompressed bytes): ${JSON.stringify(Object.fromEntries(perPost))}\n`;
}

/** A steady offer at the throughput goal: did every stage keep up while it lasted, and how long was the tail? */
export function sustainFigures(sustain: SteadyResult | null): Record<string, number> {
  if (!sustain) return {};
  return {
    sustainOfferedPostsPerSec: round(sustain.offeredPostsPerSec),
    sustainClassifiedPerSec: round(sustain.classifiedPerSecDuringOffer),
    sustainIncidentsPerSec: round(sustain.incidentsPerSecDuringOffer),
    sustainSlaEventsPerSec: round(sustain.slaEventsPerSecDuringOffer),
    sustainLatencyMedianMs: round(sustain.latencyMedianMs, 0),
    sustainLatencyP99Ms: round(sustain.latencyP99Ms, 0),
    sustainCatchUpMs: round(sustain.catchUpMs, 0),
    sustainBacklogAtDeadline: sustain.classifierBacklogAtDeadline + sustain.routerBacklogAtDeadline + sustain.watcherBacklogAtDeadline,
  };
}

export function pipelineFigures(burstPosts: number, bursts: readonly BurstResult[], steady: SteadyResult): Record<string, number> {
  const m = (pick: (b: BurstResult) => number): number => round(median(bursts.map(pick)));
  const incidents = bursts.reduce((s, b) => s + b.incidents, 0);
  return {
    burstPosts,
    classifierPostsPerSec: m((b) => b.classifierPostsPerSec),
    routerPostsPerSec: m((b) => b.routerPostsPerSec),
    slaEventsPerSec: m((b) => b.slaEventsPerSec),
    endToEndPostsPerSec: m((b) => b.endToEndPostsPerSec),
    // CPU per post (medians of the bursts): what the throughput is made of when the cores are the limit.
    mainThreadCpuMsPerPost: round(median(bursts.map((b) => b.mainThreadCpuMsPerPost)), 3),
    processCpuMsPerPost: round(median(bursts.map((b) => b.processCpuMsPerPost)), 3),
    brokerCpuMsPerPost: round(median(bursts.map((b) => b.extraCpuMsPerPost)), 3),
    eventLoopUtilization: round(median(bursts.map((b) => b.eventLoopUtilization)), 2),
    incidentsWithFactsShare: round(bursts.reduce((s, b) => s + b.incidentsWithFacts, 0) / Math.max(1, incidents), 3),
    steadyOfferedPostsPerSec: round(steady.offeredPostsPerSec),
    steadyClassifiedPerSec: round(steady.classifiedPerSecDuringOffer),
    steadyIncidentsPerSec: round(steady.incidentsPerSecDuringOffer),
    steadyLatencyMedianMs: round(steady.latencyMedianMs, 0),
    steadyLatencyP95Ms: round(steady.latencyP95Ms, 0),
    steadyLatencyP99Ms: round(steady.latencyP99Ms, 0),
    steadyIncidentsSeen: steady.incidentsSeen,
    steadyClassifierBacklogAtDeadline: steady.classifierBacklogAtDeadline,
    steadyRouterBacklogAtDeadline: steady.routerBacklogAtDeadline,
    steadyWatcherBacklogAtDeadline: steady.watcherBacklogAtDeadline,
  };
}

/** What both end-to-end benches run, from the environment; the defaults are the README's figures. */
export interface PipelineBenchSettings {
  burst: number; runs: number; rate: number; steadySec: number; drainSec: number;
  /** The throughput goal as a steady offer: sustainRate posts/s for sustainSec s (0 s: skipped). */
  sustainRate: number; sustainSec: number;
  /** Where the classifier classifies: a worker thread (its default) or inline on the JS thread. */
  classifierEngine: 'worker' | 'inline';
}

export function pipelineBenchSettings(env: NodeJS.ProcessEnv = process.env): PipelineBenchSettings {
  return {
    burst: Number(env.BENCH_BURST ?? '5000'),
    runs: Number(env.BENCH_RUNS ?? '3'),
    rate: Number(env.BENCH_RATE ?? '500'),
    steadySec: Number(env.BENCH_STEADY_SEC ?? '10'),
    drainSec: Number(env.BENCH_DRAIN_SEC ?? '30'),
    sustainRate: Number(env.BENCH_SUSTAIN_RATE ?? '2000'),
    sustainSec: Number(env.BENCH_SUSTAIN_SEC ?? '15'),
    classifierEngine: env.BENCH_CLASSIFIER_ENGINE === 'inline' ? 'inline' : 'worker',
  };
}

/** The steady offer (latency) and the sustained offer at the goal, one after the other; `tag` keeps ids and groups apart. */
export async function runOffers(rig: Rig, bus: Bus, s: PipelineBenchSettings, tag: string): Promise<{ steady: SteadyResult; sustain: SteadyResult | null }> {
  const steady = await runSteady(rig, bus, { rate: s.rate, seconds: s.steadySec, drainMs: s.drainSec * 1000, runId: `steady${tag}`, seed: 999, observerGroup: `bench-observer${tag}` });
  process.stderr.write(`  steady: ${JSON.stringify(steady)}\n`);
  const sustain = s.sustainSec > 0
    ? await runSteady(rig, bus, { rate: s.sustainRate, seconds: s.sustainSec, drainMs: s.drainSec * 1000, runId: `sustain${tag}`, seed: 4242, observerGroup: `bench-observer-sustain${tag}` })
    : null;
  if (sustain) process.stderr.write(`  sustain: ${JSON.stringify(sustain)}\n`);
  return { steady, sustain };
}

/**
 * The VM's speed at this moment: the median time (ms) of a fixed piece of JS work (JSON out and back in, 20,000
 * times). The development VM's speed moves by up to 2× within minutes; the same code's figures are comparable only
 * between runs with similar probes.
 */
export function vmSpeedProbeMs(): number {
  const sample = { uid: 'vk:wall-1_1', text: 'Во дворе третью неделю не вывозят мусор', n: 0, tags: ['housing', 'kazan', 'high'] };
  const times: number[] = [];
  let sink = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    for (let i = 0; i < 20_000; i++) {
      sample.n = i;
      sink += (JSON.parse(JSON.stringify(sample)) as { n: number }).n & 1;
    }
    times.push(performance.now() - start);
  }
  if (sink < 0) throw new Error('unreachable'); // keeps the work from being optimised away
  return round(median(times), 1);
}

/** Whether this process runs with the runtime's V8 flags (runtime/node-flags.ts), as `npm run bench` starts it. */
export function runtimeFlagsNote(): string {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const missing = runtimeNodeFlags.filter((flag) => !given.includes(flag));
  return missing.length === 0 ? `node ${runtimeNodeFlags.join(' ')} as in production` : `WITHOUT the runtime's ${missing.join(' ')} (run it through npm run bench)`;
}

/** The part of a bench's notes that says what was run. */
export function settingsNote(s: PipelineBenchSettings, withSustain: boolean): string {
  return `${runtimeFlagsNote()}; medians over ${s.runs} bursts of ${s.burst} posts; steady: ${s.rate} posts/s offered for ${s.steadySec} s, drain capped at ${s.drainSec} s (latencies only of incidents that arrived by then)${withSustain ? `; sustain: ${s.sustainRate} posts/s offered for ${s.sustainSec} s` : ''}; classifier on ${s.classifierEngine === 'worker' ? 'a worker thread' : 'the JS thread'}; machine load average shown`;
}
