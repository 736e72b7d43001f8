// End to end on the in-process bus and chDB: the 240 dev posts (fresh uids and authors per run, so no run is a
// replay or a repeat of another) → classifier → router → sla-watch, timed from the publish until every topic of
// the chain is drained. Prints one `BENCH {...}` line (bench/stats.ts format).
//   npx tsx services/sla-watch/src/bench/pipeline-bench.ts [file.jsonl]   (env: BENCH_COPIES=1 BENCH_RUNS=3)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { systemClock } from '@cur/shared/clock';
import { Topics, type RawPost } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from '@cur/classifier/classifier';
import { replayLineToRawPost } from '@cur/collector/sources/replay/replay.parse';
import { createRouterService } from '@cur/router/router';
import { createSlaWatchService } from '../sla-watch';

const file = process.argv[2] ?? '/work/shared/eval/dev.jsonl';
const copies = Number(process.env.BENCH_COPIES ?? '1');
const runs = Number(process.env.BENCH_RUNS ?? '3');
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const templates: RawPost[] = readFileSync(file, 'utf8').split('\n').flatMap((line, i) => {
  const parsed = replayLineToRawPost(line, i + 1, { sourceId: 'bench', region: 'lipetsk', collectedAt: new Date().toISOString() });
  return parsed.ok && parsed.value ? [parsed.value] : [];
});

const dir = mkdtempSync(join(tmpdir(), 'bench-e2e-'));
const logger = createLogger({ name: 'bench-e2e', level: process.env.LOG_LEVEL ?? 'warn' });
const store = await openStore({ dataDir: dir });
await migrate(store);
const bus = createMemoryBus({ logger });
const deps = (name: string) => ({ bus, store, clock: systemClock, logger: logger.child({ service: name }) });
const services = [
  createSlaWatchService(deps('sla-watch'), { tickIntervalMs: 0 }), createRouterService(deps('router'), {}), createClassifierService(deps('classifier'), {}),
];
for (const service of services) await service.start();

const chain = [Topics.postsRaw, Topics.postsClassified, Topics.incidentEvents];
const drained = () => {
  const s = bus.stats();
  return chain.every((t) => (s.consumed[t] ?? 0) + (s.deadLettered[t] ?? 0) >= (s.published[t] ?? 0));
};
const rates: number[] = [];
const stageLog: string[] = [];
for (let run = 0; run < runs; run++) {
  const now = new Date().toISOString();
  const posts = Array.from({ length: copies }, (_, copy) => templates.map((p) => ({
    ...p, uid: `${p.uid}:r${run}c${copy}`, authorId: `${p.authorId}:r${run}c${copy}`, collectedAt: now,
  }))).flat();
  const t0 = performance.now();
  await bus.publish(Topics.postsRaw, posts.map((value) => ({ key: value.uid, value })));
  await sleep(1);
  while (!drained()) await sleep(5);
  const seconds = (performance.now() - t0) / 1000;
  rates.push(posts.length / seconds);
  const s = bus.stats();
  stageLog.push(`run ${run + 1}: ${posts.length} posts, ${s.published[Topics.incidentEvents] ?? 0} events so far, ${seconds.toFixed(2)} s`);
  process.stderr.write(`  ${stageLog.at(-1)} = ${(posts.length / seconds).toFixed(1)} posts/s\n`);
}
const [facts] = await store.query<{ n: number }>('SELECT count() AS n FROM sla_facts FINAL');
const [incidents] = await store.query<{ n: number }>('SELECT count() AS n FROM incidents FINAL');
for (const service of [...services].reverse()) await service.stop();
await bus.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(`BENCH ${JSON.stringify({
  name: 'pipeline e2e (memory bus + chDB, dev posts)',
  figures: { postsPerRun: templates.length * copies, postsPerSec: Math.round(median(rates) * 10) / 10, incidents: Number(incidents?.n ?? 0), slaFacts: Number(facts?.n ?? 0) },
  notes: `median over ${runs} bursts; runs: ${rates.map((r) => r.toFixed(1)).join(', ')} posts/s`,
})}\n`);
process.exit(0);
