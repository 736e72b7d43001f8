// Looks for spikes of social activity (regulations step 11) on a timer, records them and publishes spike alerts.
import { Topics, type Alert, type RegionCode } from '@cur/shared/contracts/index';
import type { ServiceDeps } from '@cur/shared/service';
import type { SpikeRules } from '../config';
import { locationNames, nameOf, topicNames } from '../core/labels-ru';
import { describeSpike, detectSpikes, spikeId, toSeries } from '../core/spikes';
import { postsOf, windowCounts, type SpikePost } from '../store/analytics';
import { knownSpikeIds, saveSpikes, type SpikeRecord } from '../store/spikes';
import { createPeriodic } from '@cur/shared/periodic';

export interface FoundSpike extends SpikeRecord {
  posts: SpikePost[];
  pValue: number;
}

/** Detects spikes in the window that ends at `now`; ids are keyed by the aligned window so one spike alerts once per window. */
export async function findSpikes(deps: Pick<ServiceDeps, 'store'>, rules: SpikeRules, now: Date, region: RegionCode | undefined): Promise<FoundSpike[]> {
  const windowMs = rules.windowMin * 60_000;
  const currentStart = new Date(now.getTime() - windowMs);
  const counts = await windowCounts(deps.store, currentStart, rules.windowMin, rules.baselineWindows, region);
  const verdicts = detectSpikes(toSeries(counts, rules.baselineWindows), rules);
  const alignedStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs).toISOString();
  const found: FoundSpike[] = [];
  for (const v of verdicts.slice(0, 50)) {
    const posts = await postsOf(deps.store, v.topic, v.location, currentStart, now, 50);
    found.push({
      spikeId: spikeId(v.topic, v.location, alignedStart),
      region: region ?? 'lipetsk',
      topic: v.topic,
      location: v.location,
      windowStart: currentStart.toISOString(),
      windowEnd: now.toISOString(),
      startedAt: posts[0]?.publishedAt ?? currentStart.toISOString(),
      count: v.count,
      baseline: v.baselineMean,
      ratio: v.ratio,
      zScore: v.zScore,
      severity: v.severity,
      summary: describeSpike(v, rules.windowMin, { topic: (c) => nameOf(topicNames, c), location: (c) => nameOf(locationNames, c) }),
      postUids: posts.map((p) => p.uid),
      detectedAt: now.toISOString(),
      posts,
      pValue: v.pValue,
    });
  }
  return found;
}

export function spikeAlert(spike: FoundSpike): Alert {
  return {
    schemaVersion: 1,
    alertId: spike.spikeId,
    kind: 'spike',
    severity: spike.severity === 'critical' ? 'critical' : 'warning',
    region: spike.region as RegionCode,
    incidentId: null,
    stage: null,
    at: spike.detectedAt,
    message: spike.summary,
    data: {
      topic: spike.topic, location: spike.location, count: spike.count, baseline: spike.baseline, ratio: spike.ratio,
      startedAt: spike.startedAt, windowStart: spike.windowStart, windowEnd: spike.windowEnd, postUids: spike.postUids.slice(0, 20),
    },
  };
}

export interface SpikeWatch {
  start(): void;
  runOnce(): Promise<FoundSpike[]>;
  stop(): Promise<void>;
  counters(): { spikes: number };
}

export function createSpikeWatch(deps: ServiceDeps, rules: SpikeRules, region: RegionCode): SpikeWatch {
  let spikes = 0;
  const runOnce = async (): Promise<FoundSpike[]> => {
    const found = await findSpikes(deps, rules, deps.clock.now(), region);
    const known = await knownSpikeIds(deps.store, found.map((s) => s.spikeId));
    const fresh = found.filter((s) => !known.has(s.spikeId));
    if (fresh.length === 0) return [];
    await saveSpikes(deps.store, fresh);
    await deps.bus.publish(Topics.alerts, fresh.map((s) => ({ key: s.spikeId, value: spikeAlert(s) })));
    spikes += fresh.length;
    deps.logger.info({ event: 'spikes_detected', count: fresh.length }, 'spikes detected');
    return fresh;
  };
  const periodic = createPeriodic(rules.checkIntervalSec, runOnce, { logger: deps.logger, event: 'spike_check_failed', message: 'spike check failed' });
  return {
    start: periodic.start,
    runOnce,
    stop: periodic.stop,
    counters: () => ({ spikes }),
  };
}
