// Throughput of the SLA watcher alone on the in-process bus and chDB: bursts of router-like incident events
// (created + routed per incident, plus a share of further lifecycle events), timed from the publish until the bus
// has handled every one of them. Prints one `BENCH {...}` line (bench/stats.ts format).
//   npx tsx services/sla-watch/src/bench/watch-bench.ts   (env: BENCH_INCIDENTS=200 BENCH_RUNS=3)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { systemClock } from '@cur/shared/clock';
import { IncidentEvent, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createSlaWatchService } from '../sla-watch';

const incidents = Number(process.env.BENCH_INCIDENTS ?? '200');
const runs = Number(process.env.BENCH_RUNS ?? '3');

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** created + routed for every incident; every 4th also received and draft_submitted (a realistic mix). */
function eventsOf(runId: string, n: number, now: Date): IncidentEvent[] {
  const out: IncidentEvent[] = [];
  const at = (minutes: number) => new Date(now.getTime() - 60 * 60_000 + minutes * 60_000).toISOString();
  for (let i = 0; i < n; i++) {
    const incidentId = `inc:bench:${runId}:${i}`;
    const base = { schemaVersion: 1, incidentId, region: 'lipetsk', actor: 'bench', importance: 'normal', reason: null, text: null } as const;
    out.push(IncidentEvent.parse({ ...base, eventId: `${incidentId}:created`, type: 'created', at: at(0), authority: null, coExecutors: [] }));
    out.push(IncidentEvent.parse({ ...base, eventId: `${incidentId}:routed`, type: 'routed', at: at(5), authority: 'housing_dept', coExecutors: i % 3 === 0 ? ['roads_dept'] : [] }));
    if (i % 4 === 0) {
      out.push(IncidentEvent.parse({ ...base, eventId: `${incidentId}:received`, type: 'received', at: at(10), authority: null, coExecutors: [] }));
      out.push(IncidentEvent.parse({ ...base, eventId: `${incidentId}:draft`, type: 'draft_submitted', at: at(20), authority: null, coExecutors: [] }));
    }
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-sla-watch-'));
const logger = createLogger({ name: 'bench-sla-watch', level: process.env.LOG_LEVEL ?? 'warn' });
const store = await openStore({ dataDir: dir });
await migrate(store);
const bus = createMemoryBus({ logger });
const service = createSlaWatchService({ bus, store, clock: systemClock, logger }, { tickIntervalMs: 0 });
await service.start();

const rates: number[] = [];
for (let run = 0; run < runs; run++) {
  const events = eventsOf(`r${run}`, incidents, new Date());
  const stats = () => {
    const s = bus.stats();
    return (s.consumed[Topics.incidentEvents] ?? 0) + (s.deadLettered[Topics.incidentEvents] ?? 0);
  };
  const before = stats();
  const t0 = performance.now();
  await bus.publish(Topics.incidentEvents, events.map((value) => ({ key: value.incidentId, value })));
  while (stats() - before < events.length) await sleep(5);
  const seconds = (performance.now() - t0) / 1000;
  rates.push(events.length / seconds);
  process.stderr.write(`  run ${run + 1}/${runs}: ${events.length} events in ${seconds.toFixed(2)} s = ${(events.length / seconds).toFixed(1)} events/s\n`);
}
const [facts] = await store.query<{ n: number }>('SELECT count() AS n FROM sla_facts FINAL');
const health = service.health();
await service.stop();
await bus.close();
await store.close();
rmSync(dir, { recursive: true, force: true });

process.stdout.write(`BENCH ${JSON.stringify({
  name: 'sla-watch (memory bus + chDB)',
  figures: { incidentsPerRun: incidents, eventsPerSec: Math.round(median(rates) * 10) / 10, slaFacts: Number(facts?.n ?? 0), deadLettered: bus.stats().deadLettered[Topics.incidentEvents] ?? 0 },
  notes: `median over ${runs} bursts; runs: ${rates.map((r) => r.toFixed(1)).join(', ')} events/s; counters ${JSON.stringify(health.counters)}`,
})}\n`);
process.exit(0);
