// The figures both end-to-end benches report, from their bursts and their steady run.
import { round, type BurstResult, type SteadyResult } from '../test/drills/support/pipeline-load';
import { median } from './stats';

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
