// A helper process of bench/memory.bench.ts, one chDB data directory per process:
//   node --import tsx bench/memory-store.ts idle <dataDir>    opens the store (migrated) and idles until SIGTERM:
//                                                               the memory floor of a process that holds chDB
//   node --import tsx bench/memory-store.ts count <dataDir>   prints one JSON line of row counts per table of
//                                                               a service's store after the run (what it wrote)
//   node --import tsx bench/memory-store.ts seed <dataDir> <posts> <days>   fills the posts table with synthetic
//                                                               classified posts over the last <days> days (the
//                                                               console's analytics then read real volumes)
//   node --import tsx bench/memory-store.ts history <dataDir> <posts> <days>  the same with the Russian texts of the
//                                                               synthetic generator and its 20,000 authors: what the
//                                                               classifier warms its repeat history from at start
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { syntheticPosts, syntheticTopics } from '../test/drills/support/synthetic-raw-posts';
import { generatePosts } from './synthetic-posts';

const [mode, dataDir, postsArg, daysArg] = process.argv.slice(2);
if (!['idle', 'count', 'seed', 'history'].includes(mode ?? '') || !dataDir) throw new Error('usage: memory-store.ts idle|count <dataDir> | seed|history <dataDir> <posts> <days>');

const store = await openStore({ dataDir });
await migrate(store);
if (mode === 'idle') {
  process.stdout.write('READY\n');
  const keepAlive = setInterval(() => undefined, 1 << 30);
  process.on('SIGTERM', () => {
    clearInterval(keepAlive);
    void store.close().then(() => process.exit(0));
  });
} else if (mode === 'seed' || mode === 'history') {
  const posts = Number(postsArg);
  const days = Number(daysArg);
  if (!Number.isInteger(posts) || posts < 0 || !Number.isFinite(days) || days <= 0) throw new Error(`${mode}: <posts> a whole number, <days> positive`);
  if (mode === 'seed') await generatePosts(store, posts, days, new Date().toISOString(), 1_000_000);
  else await generateHistory(posts, days);
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

/**
 * Classified posts of the last `days` days with the generator's Russian texts (2,000 distinct ones, passed as a
 * server-side parameter) and its 20,000 authors, generated in the store. Only the columns the classifier's warm-up
 * reads are filled (author, published_at, topic, text, engagement); the rest keep their defaults.
 */
async function generateHistory(posts: number, days: number): Promise<void> {
  const generator = syntheticPosts({ seed: 17, runId: 'history' });
  const texts = Array.from({ length: 2_000 }, () => generator.next(new Date()).text);
  const endSec = Math.floor(Date.now() / 1000) - 60;
  for (let offset = 0; offset < posts; offset += 1_000_000) {
    const n = Math.min(1_000_000, posts - offset);
    await store.command(
      `INSERT INTO posts (uid, version, platform, source, source_id, region, kind, author_id, published_at, collected_at, text,
                          likes, reposts, comments, status, topic, location, importance, abuse, needs_response, classified_at)
       SELECT concat('vk:history:', toString(number)), 0, 'vk', 'vk', 'vk-synthetic', 'lipetsk', 'post',
              concat('vk_', toString(cityHash64(number, 1) % 20000)),
              toDateTime64({end:UInt32} - (cityHash64(number, 2) % {span:UInt32}), 3, 'UTC') AS at, at,
              {texts:Array(String)}[1 + (cityHash64(number, 3) % length({texts:Array(String)}))],
              cityHash64(number, 4) % 30, cityHash64(number, 5) % 3, cityHash64(number, 6) % 10, 'classified',
              {topics:Array(String)}[1 + (cityHash64(number, 7) % length({topics:Array(String)}))], 'unknown', 'normal', 'none', 1, at
         FROM numbers({offset:UInt64}, {n:UInt64})`,
      { end: endSec, span: Math.round(days * 86_400), texts, topics: syntheticTopics, offset, n },
    );
  }
}
