// End to end on a real Kafka broker (infra/kafka/kafka.sh, or KAFKA_BROKERS) and chDB: synthetic posts → classifier → router → sla-watch (sla facts written).
// 1. Bursts (BENCH_BURST posts, BENCH_RUNS times): posts/s through each stage and end to end, medians over runs.
// 2. Steady offer (BENCH_RATE posts/s for BENCH_STEADY_SEC s): collected → incident latency (median, p95, p99);
//    the drain after the offer is capped at BENCH_DRAIN_SEC, and what is still queued then is reported.
// 3. Sustained offer at the throughput goal (BENCH_SUSTAIN_RATE posts/s for BENCH_SUSTAIN_SEC s; 0 s skips it): what
//    each stage handled per second while offered, and how long after the offer the watcher had applied everything.
// Defaults (5,000-post bursts × 3, 500 posts/s for 10 s, 2,000 posts/s for 15 s) are the figures of the README.
// RSS: the largest resident set of this process during the run.
import { mkdtempSync, readFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { startLocalBroker, type LocalBroker } from '../infra/kafka/broker';
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
// KAFKA_BROKERS: use that broker; otherwise start one in a temp dir with infra/kafka/kafka.sh (removed at the end).
let broker: LocalBroker | undefined;
const brokers = process.env.KAFKA_BROKERS || (broker = await startLocalBroker()).brokers;
// As in production: every service has its own Kafka client and consumer group (classifier, router, sla-watch).
const kafkaBus = (clientId: string) => createKafkaBus({ brokers: brokers.split(','), clientId, logger: logger.child({ bus: clientId }) });
const bus = kafkaBus('bench-load');
const serviceBuses = { classifier: kafkaBus('classifier'), router: kafkaBus('router'), slaWatch: kafkaBus('sla-watch') };
// The broker's JVM, for its CPU per post (a broker given by KAFKA_BROKERS is not measured).
const brokerPid = broker ? Number(readFileSync(join(broker.dir, 'kafka.pid'), 'utf8').trim()) : undefined;
const rig = await startRig({ load: bus, ...serviceBuses }, store, logger, { classifierEngine: settings.classifierEngine });
const load0 = loadavg()[0]!;
const probeBefore = vmSpeedProbeMs();

const bursts: BurstResult[] = [];
for (let i = 0; i < runs; i++) {
  const result = await runBurst(rig, bus, store, { posts: burst, runId: `kburst${Date.now()}${i}`, seed: 100 + i, timeoutMs: 600_000, extraPids: brokerPid ? [brokerPid] : [] });
  process.stderr.write(`  burst ${i + 1}/${runs}: ${JSON.stringify(result)}\n`);
  bursts.push(result);
}
const burstCalls = describeStoreCalls(storeCalls, burst * runs);
process.stderr.write(`  store calls per post during the bursts: ${JSON.stringify(burstCalls)}\n`);
process.stderr.write(storeBusyLine((rawStore as { coalescing?: CoalescingStats }).coalescing));
process.stderr.write(await storeBytesLine(rawStore, burst * runs));
const { steady, sustain } = await runOffers(rig, bus, settings, `-k${Date.now()}`);
const load1 = loadavg()[0]!;
const probeAfter = vmSpeedProbeMs();
await rig.stop();
for (const b of [bus, ...Object.values(serviceBuses)]) await b.close();
await broker?.remove();
await store.close();
removeBenchDir(dir);

report({
  name: 'pipeline (Kafka + chDB)',
  figures: {
    ...pipelineFigures(burst, bursts, steady),
    ...sustainFigures(sustain),
    maxRssMiB: round(rss.stop(), 0),
    loadAverage1m: round((load0 + load1) / 2, 1),
    // The VM's speed before and after (ms of a fixed piece of JS work; lower is faster): compare runs with similar ones.
    vmProbeMsBefore: probeBefore,
    vmProbeMsAfter: probeAfter,
  },
  notes: `broker ${process.env.KAFKA_BROKERS ? 'given' : 'local KRaft 3.9.1 started by the bench'}; store round trips per post (count, mean ms): ${Object.entries(burstCalls).map(([k, v]) => `${k} ${v.perPost}×${v.meanMs}ms`).join(', ')}; ${settingsNote(settings, sustain !== null)}`,
});
process.exit(0);
