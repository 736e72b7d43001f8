// Load rig shared by bench/pipeline.bench.ts (memory bus) and bench/pipeline-kafka.bench.ts (Kafka): the
// classifier, router and sla-watch services built from their create*Service functions, fed synthetic posts on
// posts.raw, observed through their health counters and an own consumer group on the incidents topic.
import { readFileSync } from 'node:fs';
import type { Bus } from '@cur/shared/bus/bus';
import { systemClock } from '@cur/shared/clock';
import { Incident, Topics } from '@cur/shared/contracts/index';
import type { Logger } from '@cur/shared/logger';
import type { PipelineService } from '@cur/shared/service';
import type { Store } from '@cur/shared/store/clickhouse';
import { createClassifierService } from '@cur/classifier/classifier';
import { createRouterService } from '@cur/router/router';
import { createSlaWatchService } from '@cur/sla-watch/sla-watch';
import { percentile } from '../../../bench/stats';
import { syntheticPosts } from './synthetic-raw-posts';

export interface RigBuses {
  /** The bus the load generator publishes on and the observer reads from. */
  load: Bus;
  classifier: Bus;
  router: Bus;
  slaWatch: Bus;
}

export interface Rig {
  services: { classifier: PipelineService; router: PipelineService; slaWatch: PipelineService };
  counters(): { classified: number; rejected: number; routed: number; incidents: number; slaEvents: number };
  stop(): Promise<void>;
}

/** `classifierEngine`: where the classifier runs its posts (its config's default: a worker thread). */
export async function startRig(buses: RigBuses, store: Store, logger: Logger, options: { classifierEngine?: 'worker' | 'inline' } = {}): Promise<Rig> {
  const deps = (bus: Bus, name: string) => ({ bus, store, clock: systemClock, logger: logger.child({ service: name }) });
  const slaWatch = createSlaWatchService(deps(buses.slaWatch, 'sla-watch'), {});
  const router = createRouterService(deps(buses.router, 'router'), {});
  const classifier = createClassifierService(deps(buses.classifier, 'classifier'), options.classifierEngine ? { engine: options.classifierEngine } : {});
  for (const service of [slaWatch, router, classifier]) await service.start();
  const n = (service: PipelineService, key: string) => service.health().counters[key] ?? 0;
  return {
    services: { classifier, router, slaWatch },
    counters: () => ({
      classified: n(classifier, 'classified'),
      rejected: n(classifier, 'rejected'),
      routed: n(router, 'consumed'),
      incidents: n(router, 'incidents'),
      slaEvents: n(slaWatch, 'events'),
    }),
    async stop() {
      for (const service of [classifier, router, slaWatch]) await service.stop();
    },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RssSampler {
  max = 0;
  private timer: NodeJS.Timeout;
  constructor() {
    this.timer = setInterval(() => { this.max = Math.max(this.max, process.memoryUsage().rss); }, 200);
    this.timer.unref();
  }
  stop(): number {
    clearInterval(this.timer);
    this.max = Math.max(this.max, process.memoryUsage().rss);
    return this.max / 1024 / 1024;
  }
}

export interface BurstResult {
  posts: number;
  classifierPostsPerSec: number;
  routerPostsPerSec: number;
  slaEventsPerSec: number;
  endToEndPostsPerSec: number;
  incidents: number;
  incidentsWithFacts: number;
  seconds: number;
  /** CPU per post during the burst, ms: this process's JS thread, this process in all (chDB's threads too), and the
   * processes of `extraPids` (the broker's JVM); -1 where /proc cannot tell. */
  mainThreadCpuMsPerPost: number;
  processCpuMsPerPost: number;
  extraCpuMsPerPost: number;
  /** Share of the burst the event loop was busy (0..1): near 1, the JS thread is the limit; well below, waits are. */
  eventLoopUtilization: number;
}

/** utime + stime of /proc/<pid>[/task/<tid>]/stat, in ms (clock ticks of 10 ms); undefined without /proc. */
export function cpuMsOf(pid: number, tid?: number): number | undefined {
  try {
    const text = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

const sumCpuMs = (pids: readonly number[]): number | undefined =>
  pids.reduce<number | undefined>((sum, pid) => (sum === undefined ? undefined : ((v) => (v === undefined ? undefined : sum + v))(cpuMsOf(pid))), 0);

/**
 * Publishes `posts` posts at once and waits until every stage has handled them and every incident's sla facts
 * are in the store. A stage's rate is what it handled divided by the time from the first publish to its last item.
 */
export async function runBurst(
  rig: Rig, bus: Bus, store: Store, options: { posts: number; runId: string; seed: number; timeoutMs: number; extraPids?: readonly number[] },
): Promise<BurstResult> {
  const before = rig.counters();
  const generator = syntheticPosts({ seed: options.seed, runId: options.runId });
  const now = new Date();
  const messages = Array.from({ length: options.posts }, () => {
    const value = generator.next(now);
    return { key: value.uid, value };
  });
  const mainCpu0 = cpuMsOf(process.pid, process.pid);
  const processCpu0 = process.cpuUsage();
  const extraCpu0 = sumCpuMs(options.extraPids ?? []);
  const elu0 = performance.eventLoopUtilization();
  const t0 = performance.now();
  const deadline = t0 + options.timeoutMs;
  for (let i = 0; i < messages.length; i += 500) await bus.publish(Topics.postsRaw, messages.slice(i, i + 500));
  let classifierDone = 0;
  let routerDone = 0;
  let slaDone = 0;
  for (;;) {
    const c = rig.counters();
    const t = performance.now();
    const classified = c.classified - before.classified;
    const handled = classified + c.rejected - before.rejected;
    if (!classifierDone && handled >= options.posts) classifierDone = t;
    if (classifierDone && !routerDone && c.routed - before.routed >= classified) routerDone = t;
    if (routerDone && !slaDone && c.slaEvents - before.slaEvents >= 2 * (c.incidents - before.incidents)) slaDone = t;
    if (slaDone) break;
    if (t > deadline) throw new Error(`burst of ${options.posts} did not finish in ${options.timeoutMs} ms: ${JSON.stringify({ before, now: c })}`);
    await sleep(25);
  }
  const elu = performance.eventLoopUtilization(elu0);
  const mainCpu1 = cpuMsOf(process.pid, process.pid);
  const processCpu = process.cpuUsage(processCpu0);
  const extraCpu1 = sumCpuMs(options.extraPids ?? []);
  const perPost = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? -1 : (b - a) / options.posts);
  const after = rig.counters();
  const like = `%:${options.runId}:%`;
  const [row] = await store.query<{ incidents: number; withFacts: number }>(
    `SELECT count() AS incidents, countIf(incident_id IN (SELECT incident_id FROM sla_facts FINAL WHERE incident_id LIKE {like:String})) AS withFacts
       FROM incidents FINAL WHERE incident_id LIKE {like:String}`,
    { like },
  );
  const secs = (t: number) => (t - t0) / 1000;
  return {
    posts: options.posts,
    classifierPostsPerSec: options.posts / secs(classifierDone),
    routerPostsPerSec: (after.routed - before.routed) / secs(routerDone),
    slaEventsPerSec: (after.slaEvents - before.slaEvents) / secs(slaDone),
    endToEndPostsPerSec: options.posts / secs(slaDone),
    incidents: Number(row?.incidents ?? 0),
    incidentsWithFacts: Number(row?.withFacts ?? 0),
    seconds: secs(slaDone),
    mainThreadCpuMsPerPost: perPost(mainCpu0, mainCpu1),
    processCpuMsPerPost: (processCpu.user + processCpu.system) / 1000 / options.posts,
    eventLoopUtilization: elu.utilization,
    extraCpuMsPerPost: (options.extraPids ?? []).length > 0 ? perPost(extraCpu0, extraCpu1) : 0,
  };
}

export interface SteadyResult {
  offeredPostsPerSec: number;
  offeredSeconds: number;
  published: number;
  incidentsSeen: number;
  /** incidents that arrived within the offer window, per second */
  incidentsPerSecDuringOffer: number;
  /** posts the classifier handled per second during the offer window */
  classifiedPerSecDuringOffer: number;
  latencyMedianMs: number;
  latencyP95Ms: number;
  latencyP99Ms: number;
  /** posts the classifier had not handled when the drain deadline came (latencies above leave them out) */
  classifierBacklogAtDeadline: number;
  /** classified posts the router had not handled by then */
  routerBacklogAtDeadline: number;
  /** incident events (created + routed per incident) the watcher applied per second during the offer window */
  slaEventsPerSecDuringOffer: number;
  /** incident events the watcher had not applied when the drain ended */
  watcherBacklogAtDeadline: number;
  /** from the end of the offer until every stage (the watcher included) had handled everything; -1: not by the deadline */
  catchUpMs: number;
}

/**
 * Offers `rate` posts/s for `seconds` (a batch every 50 ms, catching up if the loop lags), records collected →
 * incident latency from an own consumer group on `incidents`, waits at most `drainMs` after the offer.
 */
export async function runSteady(rig: Rig, bus: Bus, options: { rate: number; seconds: number; drainMs: number; runId: string; seed: number; observerGroup: string }): Promise<SteadyResult> {
  const publishedAt = new Map<string, number>();
  const latencies: number[] = [];
  let incidentsInWindow = 0;
  let offering = true;
  const observer = await bus.subscribe({
    topic: Topics.incidents,
    groupId: options.observerGroup,
    schema: Incident,
    fromBeginning: false,
    handler: async (m) => {
      const start = publishedAt.get(m.value.postUid);
      if (start === undefined) return;
      publishedAt.delete(m.value.postUid);
      latencies.push(performance.now() - start);
      if (offering) incidentsInWindow++;
    },
  });
  const generator = syntheticPosts({ seed: options.seed, runId: options.runId });
  const before = rig.counters();
  const t0 = performance.now();
  const total = Math.round(options.rate * options.seconds);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * options.rate) + 1);
    if (due > sent) {
      const now = new Date();
      const batch = [];
      for (; sent < due; sent++) {
        const value = generator.next(now);
        batch.push({ key: value.uid, value });
      }
      const at = performance.now();
      for (const m of batch) publishedAt.set(m.value.uid, at);
      await bus.publish(Topics.postsRaw, batch);
    }
    await sleep(50);
  }
  const offerEnd = performance.now();
  offering = false;
  const afterOffer = rig.counters();
  const drainDeadline = performance.now() + options.drainMs;
  let catchUpMs = -1;
  for (;;) {
    const c = rig.counters();
    const handled = c.classified + c.rejected - before.classified - before.rejected;
    const routerCaughtUp = c.routed - before.routed >= c.classified - before.classified;
    const watcherCaughtUp = c.slaEvents - before.slaEvents >= 2 * (c.incidents - before.incidents);
    if (handled >= total && routerCaughtUp && watcherCaughtUp) {
      catchUpMs = performance.now() - offerEnd;
      break;
    }
    if (performance.now() > drainDeadline) break;
    await sleep(20);
  }
  const c = rig.counters();
  await observer.stop();
  const offeredSeconds = (offerEnd - t0) / 1000;
  const classified = c.classified - before.classified;
  return {
    offeredPostsPerSec: total / offeredSeconds,
    offeredSeconds,
    published: total,
    incidentsSeen: latencies.length,
    incidentsPerSecDuringOffer: incidentsInWindow / offeredSeconds,
    classifiedPerSecDuringOffer: (afterOffer.classified + afterOffer.rejected - before.classified - before.rejected) / offeredSeconds,
    latencyMedianMs: percentile(latencies, 50),
    latencyP95Ms: percentile(latencies, 95),
    latencyP99Ms: percentile(latencies, 99),
    classifierBacklogAtDeadline: total - (classified + c.rejected - before.rejected),
    routerBacklogAtDeadline: classified - (c.routed - before.routed),
    slaEventsPerSecDuringOffer: (afterOffer.slaEvents - before.slaEvents) / offeredSeconds,
    watcherBacklogAtDeadline: Math.max(0, 2 * (c.incidents - before.incidents) - (c.slaEvents - before.slaEvents)),
    catchUpMs,
  };
}

/** Store calls and their time, by kind: which store round trips a run costs (the bottleneck analysis). */
export interface StoreCallStats { calls: Record<string, number>; ms: Record<string, number> }

/** Wraps OUR store (not a mock): every insert/query/command is timed and counted under "insert:table" / "query". */
export function instrumentStore(store: Store): { store: Store; stats: StoreCallStats } {
  const stats: StoreCallStats = { calls: {}, ms: {} };
  const timed = async <T>(kind: string, work: () => Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await work();
    } finally {
      stats.calls[kind] = (stats.calls[kind] ?? 0) + 1;
      stats.ms[kind] = (stats.ms[kind] ?? 0) + performance.now() - start;
    }
  };
  const wrapped: Store = {
    kind: store.kind,
    client: store.client,
    insert: (table, rows) => timed(`insert:${table}`, () => store.insert(table, rows)),
    query: <T>(sql: string, params?: Record<string, unknown>) => timed(`query:${/FROM\s+(\w+)/i.exec(sql)?.[1] ?? '?'}`, () => store.query<T>(sql, params)),
    command: (sql, params) => timed('command', () => store.command(sql, params)),
    close: () => store.close(),
  };
  return { store: wrapped, stats };
}

/** "insert:posts 1.0/post 24 ms; ..." for the calls of a run, per post. */
export function describeStoreCalls(stats: StoreCallStats, posts: number): Record<string, { perPost: number; meanMs: number }> {
  return Object.fromEntries(Object.keys(stats.calls).sort().map((k) => [k, {
    perPost: Number((stats.calls[k]! / posts).toFixed(2)),
    meanMs: Number((stats.ms[k]! / stats.calls[k]!).toFixed(1)),
  }]));
}

export const round = (value: number, digits = 1): number => (Number.isFinite(value) ? Number(value.toFixed(digits)) : -1);
