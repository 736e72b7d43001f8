// Memory of each service, each in its own process on a real Kafka broker, as docker-compose.yml deploys them.
//
// `npm run bench -- memory`. Starts a local KRaft broker (infra/kafka/broker.ts; or uses KAFKA_BROKERS), creates the
// topics with their partitions (TopicPartitions, as the compose file's kafka-init does), spawns each service's own
// entry point (services/<name>/src/main.ts) as a separate `node --import tsx` process, feeds posts.raw with
// synthetic posts from this process (no collector), and samples every process's /proc/<pid>/status (VmRSS,
// RssAnon; VmHWM at the end) every BENCH_SAMPLE_MS and its PSS once a second, the broker JVM's too. A preloaded probe
// (bench/memory-probe.ts) writes each service's V8 heap; after the load (and with BENCH_IDLE_GC=1 at the end of the
// idle phase too) it runs a full GC on SIGUSR2 and writes the heap that is left.
//
// Before the services start, the classifier's store gets BENCH_CLASSIFIER_HISTORY posts of the last 14 days (it
// warms its repeat history from them) and the console's store BENCH_CONSOLE_POSTS posts (its analytics read them).
// Children run under `setpriv --pdeathsig KILL`; a detached watchdog stops the broker if this process is killed hard.
//
// Phases: start → idle (all consumer groups stable, no traffic) → steady (BENCH_RATE posts/s for BENCH_SECONDS s)
// → burst (BENCH_BURST posts at once) → drain (until every group's lag is zero, at most BENCH_DRAIN_SEC s) → after.
// A service's throughput is read from outside, from its consumer group's committed offsets (admin API, 1 s).
// The console is polled by a "curator" (queue, volume chart, alerts) once a second while the load runs.
//
// THE STORE: there is no ClickHouse server here, so every process gets its OWN chDB data directory (chDB binds one
// per process) and so loads the embedded ClickHouse engine itself. In production all services share one ClickHouse
// server and load no chDB at all (shared/src/store/clickhouse.ts imports chdb only without CLICKHOUSE_URL): the
// figures here are "service + embedded engine" under load. Two baseline processes measured beside them give the
// floor of node + tsx and of node + tsx + an open, migrated, idle chDB. What the split stores change is checked at
// the end (row counts in each store) and said in the notes.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { TopicPartitions, Topics, type RawPost } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { freePort, startLocalBroker, type LocalBroker } from '../infra/kafka/broker';
import { syntheticPosts } from '../test/drills/support/synthetic-raw-posts';
import {
  drainAfter, lagOf, loadPhases, maxOf, parseProcStatus, summariseMemory, windowThroughput, type GroupPoint, type MemorySample, type Phase,
} from './memory-figures';
import { runtimeNodeFlags } from '../runtime/node-flags';
import { removeBenchDir } from './cleanup';
import { median, report } from './stats';

const rate = Number(process.env.BENCH_RATE ?? '500');
const seconds = Number(process.env.BENCH_SECONDS ?? '40');
const burst = Number(process.env.BENCH_BURST ?? '10000');
const drainSec = Number(process.env.BENCH_DRAIN_SEC ?? '180');
const sampleMs = Number(process.env.BENCH_SAMPLE_MS ?? '250');
const idleSec = Number(process.env.BENCH_IDLE_SEC ?? '8');
const classifierReplicas = Number(process.env.BENCH_CLASSIFIER_REPLICAS ?? '1');
const childLogLevel = process.env.BENCH_CHILD_LOG_LEVEL ?? 'warn';
const keep = process.env.BENCH_KEEP === '1';
// A full GC in each service at the end of the idle phase tells the heap it really retains (the warmed history), but
// it also clears the start-up garbage that would otherwise be carried into the load: off by default.
const isIdleGc = process.env.BENCH_IDLE_GC === '1';
const consolePosts = Number(process.env.BENCH_CONSOLE_POSTS ?? '1000000');
const consoleDays = Number(process.env.BENCH_CONSOLE_DAYS ?? '30');
// The classifier warms its repeat history from 14 days of its posts table at start: an average region's 14 days
// (docs/scale-out.md: 30,000 items/day) by default; the classifier itself reads at most WARM_LIMIT of them.
const historyPosts = Number(process.env.BENCH_CLASSIFIER_HISTORY ?? '420000');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(join(tmpdir(), 'bench-memory-'));
const logger = createLogger({ name: 'bench-memory', level: process.env.LOG_LEVEL ?? 'warn' });
const t0 = performance.now();
const now = (): number => performance.now() - t0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stderr.write(`  [${(now() / 1000).toFixed(1)}s] ${line}\n`);
const round = (v: number, digits = 0): number => (Number.isFinite(v) ? Number(v.toFixed(digits)) : -1);

// ---- processes ----

interface Watched {
  /** figure key prefix: classifier, router, slaWatch, console, broker, nodeTsxFloor, chdbFloor */
  key: string;
  name: string;
  pid: number;
  child?: ChildProcess;
  samples: MemorySample[];
  hwmKiB: number;
  exited?: { code: number | null; signal: NodeJS.Signals | null; at: number };
  /** the bench asked it to stop (so its exit is no crash) */
  isStopAsked?: boolean;
  /** it exited without being asked to */
  hasCrashed?: boolean;
  logFile?: string;
  probeFile?: string;
  dataDir?: string;
  /** the consumer group and topic whose committed offsets tell this service's throughput */
  group?: { groupId: string; topic: string };
}
const watched: Watched[] = [];
let phase: Phase = 'start';
let stopping = false;
let broker: LocalBroker | undefined;
// Children die with this process even if it is killed hard (PR_SET_PDEATHSIG through util-linux setpriv).
const hasSetpriv = (() => {
  try {
    execFileSync('setpriv', ['--help'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

function spawnWatched(key: string, name: string, args: string[], env: Record<string, string>, group?: Watched['group']): Watched {
  const logFile = join(dir, `${name}.log`);
  const fd = openSync(logFile, 'a');
  const probeFile = join(dir, `${name}.probe.jsonl`);
  const nodeArgs = [...runtimeNodeFlags, '--expose-gc', '--import', 'tsx', '--import', './bench/memory-probe.ts', ...args];
  const [command, commandArgs] = hasSetpriv ? ['setpriv', ['--pdeathsig', 'KILL', process.execPath, ...nodeArgs]] : [process.execPath, nodeArgs];
  const child = spawn(command, commandArgs as string[], {
    cwd: root,
    stdio: ['ignore', fd, fd],
    env: { ...process.env, ...env, BENCH_MEMORY_PROBE_FILE: probeFile },
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`could not spawn ${name}`);
  const w: Watched = { key, name, pid: child.pid, child, samples: [], hwmKiB: 0, logFile, probeFile, group, dataDir: env.DATA_DIR };
  child.on('exit', (code, signal) => {
    w.exited = { code, signal, at: now() };
    if (w.isStopAsked || stopping) return;
    w.hasCrashed = true;
    say(`✗ ${name} exited (code ${code}, signal ${signal}) during phase ${phase}; log tail:\n${tail(logFile)}`);
  });
  watched.push(w);
  return w;
}

const tail = (file: string, lines = 30): string => {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
};

/** Per sampling instant with PSS: the services' summed RSS and PSS (PSS counts shared pages, libchdb.so's, once overall). */
const sums: { t: number; phase: Phase; rssKiB: number; pssKiB: number }[] = [];
let ticks = 0;
const pssEvery = Math.max(1, Math.round(1000 / sampleMs));

function readPssKiB(pid: number): number | undefined {
  try {
    const match = /^Pss:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

function sampleAll(): void {
  const t = now();
  const withPss = ticks++ % pssEvery === 0;
  const sum = { t, phase, rssKiB: 0, pssKiB: 0 };
  for (const w of watched) {
    if (w.exited) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${w.pid}/status`, 'utf8');
    } catch {
      continue;
    }
    // Until setpriv has exec'd node, the pid is setpriv's: skip those few samples.
    if (!/^Name:\s+(node|java)/m.test(text)) continue;
    const m = parseProcStatus(text);
    if (!m) continue;
    const pssKiB = withPss ? readPssKiB(w.pid) : undefined;
    w.samples.push({ ...m, t, phase, ...(pssKiB === undefined ? {} : { pssKiB }) });
    w.hwmKiB = Math.max(w.hwmKiB, m.hwmKiB);
    if (w.group) {
      sum.rssKiB += m.rssKiB;
      sum.pssKiB += pssKiB ?? 0;
    }
  }
  if (withPss) sums.push(sum);
}

/** SIGUSR2 → the probe runs a full GC and writes the heap that is left (gc: true lines). Only to the services. */
function askForRetainedHeap(): void {
  for (const w of watched) if (w.group && !w.exited) w.child?.kill('SIGUSR2');
}

/** SIGTERM (graceful, as a container stop), SIGKILL after `graceMs`; resolves when every child is gone. */
async function stopChildren(graceMs: number): Promise<void> {
  stopping = true;
  const alive = watched.filter((w) => w.child && !w.exited);
  for (const w of alive) {
    w.isStopAsked = true;
    w.child!.kill('SIGTERM');
  }
  const deadline = Date.now() + graceMs;
  while (alive.some((w) => !w.exited) && Date.now() < deadline) await sleep(100);
  for (const w of alive.filter((x) => !x.exited)) {
    say(`${w.name} did not stop in ${graceMs} ms after SIGTERM: SIGKILL`);
    w.child!.kill('SIGKILL');
  }
  while (alive.some((w) => !w.exited)) await sleep(50);
}

/** Last resort on a signal or a crash of the bench: kill everything at once, synchronously. */
function killEverythingNow(): void {
  for (const w of watched) if (w.child && !w.exited) w.child.kill('SIGKILL');
  if (broker) {
    try {
      execFileSync('bash', [join(root, 'infra/kafka/kafka.sh'), 'stop', broker.dir], { stdio: 'ignore', timeout: 30_000 });
    } catch { /* best effort */ }
  }
  if (!keep) rmSync(dir, { recursive: true, force: true }); // a crash: now, not deferred
}
/**
 * The children die with this process (pdeathsig), but the broker JVM is started by kafka.sh with nohup and would
 * outlive a bench killed hard (SIGKILL, OOM): a detached shell waits for this process to end, then stops the broker
 * and removes the temp dirs. After a normal end it finds nothing left to do.
 */
function startWatchdog(): void {
  if (!broker) return;
  const script = 'while kill -0 "$0" 2>/dev/null; do sleep 1; done; bash "$1" stop "$2" >/dev/null 2>&1; rm -rf "$2"; [ "$4" = 1 ] || rm -rf "$3"';
  const watchdog = spawn('sh', ['-c', script, String(process.pid), join(root, 'infra/kafka/kafka.sh'), broker.dir, dir, keep ? '1' : '0'], { detached: true, stdio: 'ignore' });
  watchdog.unref();
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killEverythingNow();
    process.exit(130);
  });
}

// ---- Kafka ----

async function groupPoint(admin: Admin, groupId: string, topic: string): Promise<GroupPoint> {
  const [ends, [committed]] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const end = ends.reduce((s, p) => s + Number(p.high), 0);
  const done = (committed?.partitions ?? []).reduce((s, p) => s + Math.max(0, Number(p.offset)), 0);
  return { t: now(), end, committed: done };
}

async function waitForGroups(admin: Admin, groups: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const crashed = watched.find((w) => w.hasCrashed);
    if (crashed) throw new Error(`${crashed.name} exited before it was ready:\n${tail(crashed.logFile ?? '')}`);
    const { groups: described } = await admin.describeGroups(groups);
    const notReady = described.filter((g) => g.state !== 'Stable' || g.members.length === 0).map((g) => `${g.groupId}:${g.state}`);
    if (notReady.length === 0) return;
    if (Date.now() > deadline) throw new Error(`consumer groups not stable after ${timeoutMs} ms: ${notReady.join(', ')}`);
    await sleep(500);
  }
}

// ---- the curator polling the console ----

interface ConsolePoll { ok: number; failed: number; lastIncidentsTotal: number; lastAlerts: number; latenciesMs: number[]; errors: string[] }

async function pollConsole(base: string, token: string, poll: ConsolePoll): Promise<void> {
  const paths = ['/api/incidents?limit=50', '/api/analytics/volume?bucket=hour&by=topic', '/api/alerts'];
  for (const path of paths) {
    const start = performance.now();
    try {
      const response = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
      const body = (await response.json()) as { total?: number; alerts?: unknown[] };
      if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
      poll.ok += 1;
      poll.latenciesMs.push(performance.now() - start);
      if (typeof body.total === 'number') poll.lastIncidentsTotal = body.total;
      if (Array.isArray(body.alerts)) poll.lastAlerts = body.alerts.length;
    } catch (error) {
      poll.failed += 1;
      if (poll.errors.length < 5) poll.errors.push(`${path}: ${(error as Error).message}`);
    }
  }
}

// ---- the run ----

/**
 * infra/kafka/kafka.sh formats the storage with a random cluster id from base64 with '+' turned into '-': about one
 * start in 64 gets an id that begins with '-', which kafka-storage's argument parser takes for an option ("argument
 * --cluster-id/-t: expected one argument"). A fresh start draws another id; any other failure is thrown as it is.
 */
async function startBrokerRetryingOnce(): Promise<LocalBroker> {
  try {
    return await startLocalBroker();
  } catch (error) {
    if (!/--cluster-id\/-t: expected one argument/.test((error as Error).message)) throw error;
    say('the broker\'s storage format drew a cluster id starting with "-" (infra/kafka/kafka.sh); starting again');
    return startLocalBroker();
  }
}

async function main(): Promise<void> {
  const brokers = process.env.KAFKA_BROKERS || (broker = await startBrokerRetryingOnce()).brokers;
  const brokerPid = broker ? Number(readFileSync(join(broker.dir, 'kafka.pid'), 'utf8').trim()) : undefined;
  if (brokerPid) watched.push({ key: 'broker', name: 'kafka broker (JVM)', pid: brokerPid, samples: [], hwmKiB: 0 });
  startWatchdog();
  say(`broker ${brokers}${broker ? ` (local KRaft, pid ${brokerPid})` : ' (given)'}; setpriv ${hasSetpriv ? 'yes' : 'no'}`);

  const kafka = new Kafka({ clientId: 'bench-memory-admin', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // As the compose file's kafka-init: every pipeline topic with its partitions, before any service starts.
  await admin.createTopics({
    waitForLeaders: true,
    topics: Object.entries(TopicPartitions).map(([topic, numPartitions]) => ({ topic, numPartitions, replicationFactor: 1 })),
  });

  const sampler = setInterval(sampleAll, sampleMs);
  // Floors, measured beside the services: node + tsx alone, and node + tsx + an idle chDB store.
  spawnWatched('nodeTsxFloor', 'floor-node-tsx', ['-e', 'setInterval(() => {}, 1 << 30)'], {});
  spawnWatched('chdbFloor', 'floor-chdb', ['bench/memory-store.ts', 'idle', join(dir, 'floor-chdb', 'chdb')], {});

  // The console's analytics read the posts table of ITS store, which no classifier fills here: seed it with a month.
  if (consolePosts > 0) {
    const seedFrom = now();
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/memory-store.ts', 'seed', join(dir, 'console', 'chdb'), String(consolePosts), String(consoleDays)], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
    say(`console store seeded with ${consolePosts} synthetic posts over ${consoleDays} days in ${((now() - seedFrom) / 1000).toFixed(1)} s`);
  }
  const consolePort = await freePort();
  const common = (name: string): Record<string, string> => {
    const dataDir = join(dir, name);
    mkdirSync(dataDir, { recursive: true });
    // CLICKHOUSE_URL empty = embedded chDB under DATA_DIR/chdb: each process its own store (see the header).
    return { KAFKA_BROKERS: brokers, KAFKA_CLIENT_ID: 'bench-memory', CLICKHOUSE_URL: '', DATA_DIR: dataDir, LOG_LEVEL: childLogLevel };
  };
  const classifiers = Array.from({ length: classifierReplicas }, (_, i) => {
    const name = classifierReplicas === 1 ? 'classifier' : `classifier-${i + 1}`;
    if (historyPosts > 0) {
      const seedFrom = now();
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/memory-store.ts', 'history', join(dir, name, 'chdb'), String(historyPosts), '14'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 300_000 });
      say(`${name} store seeded with ${historyPosts} posts of the last 14 days in ${((now() - seedFrom) / 1000).toFixed(1)} s`);
    }
    return spawnWatched(classifierReplicas === 1 ? 'classifier' : `classifier${i + 1}`, name, ['services/classifier/src/main.ts'], common(name), { groupId: 'classifier', topic: Topics.postsRaw });
  });
  const router = spawnWatched('router', 'router', ['services/router/src/main.ts'], common('router'), { groupId: 'router', topic: Topics.postsClassified });
  const slaWatch = spawnWatched('slaWatch', 'sla-watch', ['services/sla-watch/src/main.ts'], common('sla-watch'), { groupId: 'sla-watch', topic: Topics.incidentEvents });
  const consoleProc = spawnWatched('console', 'console', ['services/console/src/main.ts'], {
    ...common('console'), CONSOLE_PORT: String(consolePort), CONSOLE_HOST: '127.0.0.1',
  }, { groupId: 'console', topic: Topics.alerts });
  const services = [...classifiers, router, slaWatch, consoleProc];

  await waitForGroups(admin, ['classifier', 'router', 'sla-watch', 'console'], 180_000);
  const consoleBase = `http://127.0.0.1:${consolePort}`;
  for (const deadline = Date.now() + 60_000; ;) {
    const isUp = await fetch(`${consoleBase}/health`).then((r) => r.ok, () => false);
    if (isUp) break;
    if (Date.now() > deadline) throw new Error(`the console did not answer on ${consoleBase}/health`);
    await sleep(250);
  }
  const readyAt = now();
  say(`all services ready (groups stable, console answers) after ${(readyAt / 1000).toFixed(1)} s; settling 3 s, then idle ${idleSec} s`);
  await sleep(3_000);
  phase = 'idle';
  const idleWall = { from: Date.now(), to: 0 };
  await sleep(idleSec * 1000);
  idleWall.to = Date.now();
  // What the services really retain at idle (warmed history included): a full GC in each, then its heap.
  if (isIdleGc) askForRetainedHeap();
  phase = 'steady';
  // The floors are measured; they would only take memory and CPU from the run.
  for (const w of watched.filter((x) => x.key.endsWith('Floor'))) {
    w.isStopAsked = true;
    w.child?.kill('SIGTERM');
  }

  // Throughput from outside: each group's committed offsets, once a second.
  const points = new Map<string, GroupPoint[]>(services.map((w) => [w.name, []]));
  let isMonitoring = true;
  const monitor = (async () => {
    while (isMonitoring) {
      const seen = new Set<string>();
      for (const w of services) {
        const key = `${w.group!.groupId}/${w.group!.topic}`;
        if (seen.has(key)) continue;
        seen.add(key);
        try {
          const p = await groupPoint(admin, w.group!.groupId, w.group!.topic);
          for (const x of services.filter((s) => `${s.group!.groupId}/${s.group!.topic}` === key)) points.get(x.name)!.push(p);
        } catch (error) {
          logger.warn({ err: error }, 'offset poll failed');
        }
      }
      await sleep(1000);
    }
  })();

  // The curator: queue, volume chart, alerts, once a second, while the load runs.
  const token = readFileSync(join(dir, 'console', 'console-admin.token'), 'utf8').trim();
  const poll: ConsolePoll = { ok: 0, failed: 0, lastIncidentsTotal: -1, lastAlerts: -1, latenciesMs: [], errors: [] };
  let isPolling = true;
  const poller = (async () => {
    while (isPolling) {
      await pollConsole(consoleBase, token, poll);
      await sleep(1000);
    }
  })();

  const bus = createKafkaBus({ brokers: brokers.split(','), clientId: 'bench-memory-load', logger: logger.child({ bus: 'load' }) });
  const generator = syntheticPosts({ seed: 4242, runId: `mem${Date.now()}` });
  const steadyFrom = now();
  say(`steady: ${rate} posts/s for ${seconds} s`);
  const total = Math.round(rate * seconds);
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - steadyFrom) / 1000) * rate) + 1);
    if (due > sent) {
      const at = new Date();
      const batch: { key: string; value: RawPost }[] = [];
      for (; sent < due; sent++) {
        const value = generator.next(at);
        batch.push({ key: value.uid, value });
      }
      await bus.publish(Topics.postsRaw, batch);
    }
    await sleep(50);
  }
  const steadyTo = now();
  const offered = total / ((steadyTo - steadyFrom) / 1000);

  phase = 'burst';
  say(`burst: ${burst} posts at once`);
  const burstFrom = now();
  const at = new Date();
  const burstMessages = Array.from({ length: burst }, () => {
    const value = generator.next(at);
    return { key: value.uid, value };
  });
  for (let i = 0; i < burstMessages.length; i += 500) await bus.publish(Topics.postsRaw, burstMessages.slice(i, i + 500));
  const burstPublishedSec = (now() - burstFrom) / 1000;
  phase = 'drain';
  say(`burst published in ${burstPublishedSec.toFixed(1)} s; draining (at most ${drainSec} s)`);
  const drainDeadline = now() + drainSec * 1000;
  let isDrained = false;
  while (now() < drainDeadline) {
    await sleep(1000);
    const last = services.map((w) => points.get(w.name)!.at(-1));
    // Drained: every group caught up, and still so a second later (a stage may publish into the next one's topic).
    const lagFree = last.every((p) => p && p.t > burstFrom && lagOf(p) === 0) && classifiers.every((w) => (points.get(w.name)!.at(-1)?.end ?? 0) >= total + burst);
    if (lagFree) {
      if (isDrained) break;
      isDrained = true;
    } else {
      isDrained = false;
    }
    if (services.some((w) => w.hasCrashed)) break;
  }
  const drainedAt = now();
  say(isDrained ? `drained after ${((drainedAt - burstFrom) / 1000).toFixed(1)} s` : `not drained within ${drainSec} s`);
  phase = 'after';
  await sleep(5_000);
  askForRetainedHeap();
  await sleep(2_000);
  isPolling = false;
  await poller;
  isMonitoring = false;
  await monitor;
  sampleAll();
  clearInterval(sampler);
  const loadAverage = loadavg()[0]!;
  await bus.close();
  await admin.disconnect();

  // Graceful stop as a container stop would do it; then what each store holds.
  await stopChildren(20_000);
  const exitCodes = Object.fromEntries(services.map((w) => [w.name, w.exited?.signal ?? w.exited?.code ?? 'running']));
  const storeCounts: Record<string, Record<string, number>> = {};
  for (const w of services) {
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'bench/memory-store.ts', 'count', join(w.dataDir!, 'chdb')], { cwd: root, encoding: 'utf8', timeout: 60_000 });
      storeCounts[w.name] = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
    } catch (error) {
      say(`could not count the rows of ${w.name}'s store: ${(error as Error).message}`);
    }
  }
  say(`rows per store: ${JSON.stringify(storeCounts)}`);
  // What each service logged at warn and above, grouped by message (the lines are pino JSON; anything else verbatim).
  const logProblems: Record<string, Record<string, number>> = {};
  for (const w of services) {
    const grouped: Record<string, number> = {};
    const lines = existsSync(w.logFile!) ? readFileSync(w.logFile!, 'utf8').split('\n').filter((l) => l.trim()) : [];
    for (const line of lines) {
      let record: { level?: number; msg?: string; error?: string };
      try {
        record = JSON.parse(line) as typeof record;
      } catch {
        record = { level: 50, msg: line.slice(0, 160) };
      }
      if ((record.level ?? 0) < 40) continue;
      const key = `${record.level === 40 ? 'warn' : 'error'}: ${record.msg ?? '?'}${record.error ? ` (${record.error})` : ''}`;
      grouped[key] = (grouped[key] ?? 0) + 1;
    }
    logProblems[w.name] = grouped;
  }
  say(`log lines at warn and above, by message: ${JSON.stringify(logProblems)}`);

  // ---- figures ----
  const figures: Record<string, number> = {
    steadyOfferedPostsPerSec: round(offered, 1),
    steadySeconds: round((steadyTo - steadyFrom) / 1000, 1),
    burstPosts: burst,
    classifierHistorySeeded: historyPosts,
    consolePostsSeeded: consolePosts,
  };
  for (const w of watched) {
    const s = summariseMemory(w.samples);
    figures[`${w.key}IdleRssMiB`] = round(s.idleRssMiB);
    if (w.key.endsWith('Floor')) {
      figures[`${w.key}IdleAnonMiB`] = round(s.idleAnonMiB);
      continue;
    }
    figures[`${w.key}StartMaxRssMiB`] = round(s.startMaxRssMiB);
    figures[`${w.key}LoadMedianRssMiB`] = round(s.loadMedianRssMiB);
    figures[`${w.key}LoadMaxRssMiB`] = round(s.loadMaxRssMiB);
    figures[`${w.key}LoadMaxAnonMiB`] = round(s.loadMaxAnonMiB);
    figures[`${w.key}LoadMaxPssMiB`] = round(s.loadMaxPssMiB);
    figures[`${w.key}HwmMiB`] = round(w.hwmKiB / 1024);
    figures[`${w.key}AfterRssMiB`] = round(s.afterRssMiB);
    if (w.probeFile && existsSync(w.probeFile)) {
      const probe = readFileSync(w.probeFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { t: number; heapUsed: number; external: number; gc?: boolean });
      figures[`${w.key}IdleHeapUsedMiB`] = round(median(probe.filter((p) => p.t >= idleWall.from && p.t <= idleWall.to).map((p) => p.heapUsed)) / 1024 / 1024);
      const afterGc = probe.filter((p) => p.gc);
      if (isIdleGc) figures[`${w.key}IdleRetainedHeapMiB`] = round((afterGc[0]?.heapUsed ?? Number.NaN) / 1024 / 1024);
      figures[`${w.key}AfterRetainedHeapMiB`] = round((afterGc.at(-1)?.heapUsed ?? Number.NaN) / 1024 / 1024);
      figures[`${w.key}MaxHeapUsedMiB`] = round(maxOf(probe.map((p) => p.heapUsed)) / 1024 / 1024);
    }
  }
  const servicePeakSum = services.reduce((sum, w) => sum + w.hwmKiB / 1024, 0);
  figures.servicesSumHwmMiB = round(servicePeakSum);
  const loadSums = sums.filter((x) => loadPhases.includes(x.phase));
  figures.servicesLoadMaxSumRssMiB = round(maxOf(loadSums.map((x) => x.rssKiB)) / 1024);
  figures.servicesLoadMaxSumPssMiB = round(maxOf(loadSums.map((x) => x.pssKiB)) / 1024);
  let settled = burstFrom;
  for (const w of services) {
    const ps = points.get(w.name)!;
    const steady = windowThroughput(ps, steadyFrom, steadyTo + 1000);
    figures[`${w.key}SteadyMsgsPerSec`] = round(steady.msgsPerSec, 1);
    figures[`${w.key}SteadyMaxLag`] = round(steady.maxLag);
    // Stages in pipeline order: a stage has drained its part of the burst once it caught up after the one before it.
    const drained = drainAfter(ps, burstFrom, w === consoleProc ? 0 : settled);
    if (w !== consoleProc && Number.isFinite(drained.drainSec)) settled = burstFrom + drained.drainSec * 1000;
    figures[`${w.key}BurstMsgs`] = round(drained.messages);
    figures[`${w.key}BurstMsgsPerSec`] = round(drained.msgsPerSec, 1);
    figures[`${w.key}BurstDrainSec`] = round(drained.drainSec, 1);
    figures[`${w.key}LagLeft`] = round(drained.lagLeft);
  }
  figures.consoleRequestsOk = poll.ok;
  figures.consoleRequestsFailed = poll.failed;
  figures.consoleRequestMedianMs = round(median(poll.latenciesMs), 1);
  figures.consoleIncidentsShown = poll.lastIncidentsTotal;
  figures.consoleAlertsHeld = poll.lastAlerts;
  figures.routerStoreIncidents = storeCounts.router?.incidents ?? -1;
  figures.loadAverage1m = round(loadAverage, 1);

  const crashed = services.filter((w) => w.hasCrashed);
  report({
    name: 'memory of each service (Kafka, one process each, own chDB each)',
    figures,
    notes: [
      `each service ran alone (services/*/src/main.ts, node --import tsx) on a ${broker ? 'local KRaft 3.9.1 broker started by the bench' : 'given broker'}, with its OWN embedded chDB store:`,
      'RSS = service + embedded ClickHouse engine; in production they share one ClickHouse server and load no chDB (see the floors nodeTsxFloor/chdbFloor);',
      `the classifier's store held ${historyPosts} posts of the last 14 days to warm its repeat history from; the console's ${consolePosts} posts over ${consoleDays} days for its analytics;`,
      `${isIdleGc ? 'a full GC in each service at the end of idle (BENCH_IDLE_GC=1: the load starts without start-up garbage);' : ''}`,
      `load: ${rate} posts/s offered for ${seconds} s, then a burst of ${burst}; ${isDrained ? 'drained' : `NOT drained within ${drainSec} s`};`,
      `split stores: the console shows ${poll.lastIncidentsTotal} incidents while the router's store holds ${storeCounts.router?.incidents ?? '?'} (it reads only its own store),`,
      `the watcher's store has ${storeCounts['sla-watch']?.incidentsWithRouterRow ?? '?'} router incident rows; alerts reach the console over Kafka (${poll.lastAlerts} held);`,
      `throughput = a group's committed offsets per second (a downstream stage cannot run faster than the stage before it feeds it);`,
      `children's exit after SIGTERM: ${JSON.stringify(exitCodes)}${crashed.length ? `; CRASHED during the run: ${crashed.map((w) => w.name).join(', ')}` : ''};`,
      `console polls failed: ${poll.failed}${poll.errors.length ? ` (${poll.errors.join('; ')})` : ''}; logged at warn and above: ${JSON.stringify(logProblems)}; machine load average shown`,
    ].join(' '),
  });
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  exitCode = 1;
  process.stderr.write(`memory bench failed: ${(error as Error).stack ?? String(error)}\n`);
  for (const w of watched) if (w.logFile) process.stderr.write(`--- ${w.name} log tail ---\n${tail(w.logFile, 15)}\n`);
} finally {
  await stopChildren(15_000).catch(() => undefined);
  await broker?.remove().catch((error: unknown) => process.stderr.write(`broker removal failed: ${(error as Error).message}\n`));
  if (keep) process.stderr.write(`  kept ${dir}\n`);
  else removeBenchDir(dir);
}
process.exit(exitCode);
