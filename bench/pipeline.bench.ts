// End to end on the in-process bus and chDB: synthetic posts → classifier → router → sla-watch (sla facts written).
// 1. Bursts (BENCH_BURST posts, BENCH_RUNS times): posts/s through each stage and end to end, medians over runs.
// 2. Steady offer (BENCH_RATE posts/s for BENCH_STEADY_SEC s): collected → incident latency (median, p95, p99);
//    the drain after the offer is capped at BENCH_DRAIN_SEC, and what is still queued then is reported.
// 3. Sustained offer at the throughput goal (BENCH_SUSTAIN_RATE posts/s for BENCH_SUSTAIN_SEC s; 0 s skips it): what
//    each stage handled per second while offered, and how long after the offer the watcher had applied everything.
// Defaults (5,000-post bursts × 3, 500 posts/s for 10 s, 2,000 posts/s for 15 s) are the figures of the README.
// RSS: the largest resident set of this process during the run.
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import type { CoalescingStats } from '@cur/shared/store/coalescing-store';
import { migrate } from '@cur/shared/store/migrate';
import { describeStoreCalls, instrumentStore, round, runBurst, RssSampler, startRig, type BurstResult } from '../test/drills/support/pipeline-load';
import { storeBusyLine, storeBytesLine, pipelineBenchSettings, pipelineFigures, runOffers, settingsNote, sustainFigures, vmSpeedProbeMs } from './pipeline-figures';
import { removeBenchDir } from './cleanup';
import { report } from './stats';

const settings = pipelineBenchSettings();
const { burst, runs } = settings;

const rss = new RssSampler();
const dir = mkdtempSync(join(tmpdir(), 'bench-pipeline-'));
const logger = createLogger({ name: 'bench-pipeline', level: process.env.LOG_LEVEL ?? 'warn' });
const rawStore = await openStore({ dataDir: dir });
await migrate(rawStore);
const { store, stats: storeCalls } = instrumentStore(rawStore);
const bus = createMemoryBus({ logger });
const rig = await startRig({ load: bus, classifier: bus, router: bus, slaWatch: bus }, store, logger, { classifierEngine: settings.classifierEngine });
const load0 = loadavg()[0]!;
const probeBefore = vmSpeedProbeMs();

// How long the JS thread was blocked at a time (the store waits for it between statements), and how long the
// store had a statement in flight.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();
const coalescing = (rawStore as { coalescing?: CoalescingStats }).coalescing;
// One statement at a time: the store's busy time is the sum over statement kinds.
const busyMs = (): number => Object.values(coalescing?.busy ?? {}).reduce((n, b) => n + b.ms, 0);
const busy0 = busyMs();
const bursts: BurstResult[] = [];
for (let i = 0; i < runs; i++) {
  const result = await runBurst(rig, bus, store, { posts: burst, runId: `burst${i}`, seed: 100 + i, timeoutMs: 600_000 });
  process.stderr.write(`  burst ${i + 1}/${runs}: ${JSON.stringify(result)}\n`);
  bursts.push(result);
}
loopDelay.disable();
const storeActiveMsPerPost = (busyMs() - busy0) / (burst * runs);
process.stderr.write(`  event-loop delay during the bursts: p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms; store with a statement in flight ${storeActiveMsPerPost.toFixed(3)} ms per post\n`);
const burstCalls = describeStoreCalls(storeCalls, burst * runs);
process.stderr.write(`  store calls per post during the bursts: ${JSON.stringify(burstCalls)}\n`);
process.stderr.write(storeBusyLine(coalescing));
process.stderr.write(await storeBytesLine(rawStore, burst * runs));
const { steady, sustain } = await runOffers(rig, bus, settings, '');
const load1 = loadavg()[0]!;
const probeAfter = vmSpeedProbeMs();
await rig.stop();
await bus.close();
await store.close();
removeBenchDir(dir);

report({
  name: 'pipeline (memory bus + chDB)',
  figures: {
    ...pipelineFigures(burst, bursts, steady),
    ...sustainFigures(sustain),
    burstStoreActiveMsPerPost: round(storeActiveMsPerPost, 3),
    burstEventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6, 1),
    maxRssMiB: round(rss.stop(), 0),
    loadAverage1m: round((load0 + load1) / 2, 1),
    // The VM's speed before and after (ms of a fixed piece of JS work; lower is faster): compare runs with similar ones.
    vmProbeMsBefore: probeBefore,
    vmProbeMsAfter: probeAfter,
  },
  notes: `store round trips per post (count, mean ms): ${Object.entries(burstCalls).map(([k, v]) => `${k} ${v.perPost}×${v.meanMs}ms`).join(', ')}; ${settingsNote(settings, sustain !== null)}`,
});
process.exit(0);
