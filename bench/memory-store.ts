// A helper process of bench/memory.bench.ts, one chDB data directory per process:
//   node --import tsx bench/memory-store.ts idle <dataDir>    opens the store (migrated) and idles until SIGTERM:
//                                                               the memory floor of a process that holds chDB
//   node --import tsx bench/memory-store.ts count <dataDir>   prints one JSON line of row counts per table of
//                                                               a service's store after the run (what it wrote)
//   node --import tsx bench/memory-store.ts seed <dataDir> <posts> <days>   fills the posts table with synthetic
//                                                               classified posts over the last <days> days (the
//                                                               console's analytics then read real volumes)
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { generatePosts } from './synthetic-posts';

const [mode, dataDir, postsArg, daysArg] = process.argv.slice(2);
if (!['idle', 'count', 'seed'].includes(mode ?? '') || !dataDir) throw new Error('usage: memory-store.ts idle|count <dataDir> | seed <dataDir> <posts> <days>');

const store = await openStore({ dataDir });
await migrate(store);
if (mode === 'idle') {
  process.stdout.write('READY\n');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  process.on('SIGTERM', () => {
    clearInterval(keepAlive);
    void store.close().then(() => process.exit(0));
  });
} else if (mode === 'seed') {
  const posts = Number(postsArg);
  const days = Number(daysArg);
  if (!Number.isInteger(posts) || posts < 0 || !Number.isFinite(days) || days <= 0) throw new Error('seed: <posts> a whole number, <days> positive');
  await generatePosts(store, posts, days, new Date().toISOString(), 1_000_000);
  await store.close();
  process.exit(0);
} else {
  // Fixed table names from this file only; no outside input reaches the SQL.
  const tables = ['posts', 'incidents', 'incident_events', 'sla_facts', 'sla_incident_state', 'console_outbox'] as const;
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const rows = await store.query<{ n: number | string }>(`SELECT count() AS n FROM ${table} FINAL`).catch(() => [{ n: -1 }]);
    counts[table] = Number(rows[0]?.n ?? -1);
  }
  // Incident rows the router wrote (topic set) against the minimal ones the watcher writes when the router's row is missing.
  const [routerRows] = await store.query<{ n: number | string }>("SELECT count() AS n FROM incidents FINAL WHERE topic != ''").catch(() => [{ n: -1 }]);
  counts.incidentsWithRouterRow = Number(routerRows?.n ?? -1);
  process.stdout.write(`${JSON.stringify(counts)}\n`);
  await store.close();
  process.exit(0);
}
