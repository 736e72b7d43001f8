// The collector service: schedules due sources by the clock, polls them, publishes posts.raw, saves cursors.
import { parseConfig } from '@cur/shared/config/load-config';
import type { PipelineService, ServiceDeps, ServiceHealth, ServiceState } from '@cur/shared/service';
import { defaultBackoff } from './core/backoff';
import { median, newLatencyWindow } from './core/ingest-stats';
import { dueSources, nextWakeMs } from './core/schedule';
import { closedCircuit } from './core/circuit';
import { loadSourcesFile, SourceConfig, SourcesFile, type SourceConfigInput, type SourcesFileInput } from './config';
import { credentialsFromEnv, type Credentials } from './env';
import { runPoll, type PollOutcome, type SourceState } from './run-poll';
import { allowedHostsOf, buildSources, type DisabledSource } from './sources/build-sources';
import { createHttpClient, type HttpClient } from './sources/http';
import { replaySourceConfig } from './sources/replay/replay';
import { createCursorStore, type CursorStore } from './store/cursor-store';
import { createSeenStore, type SeenStore } from './store/seen-store';

export { replaySourceConfig };

export interface CollectorConfig extends Omit<SourcesFileInput, 'sources'> {
  /** Source entries as in a sources file. */
  sources?: SourceConfigInput[];
  /** A YAML/JSON sources file; its entries come before `sources`. */
  sourcesFile?: string | undefined;
  /** A JSON Lines file to replay (adds replaySourceConfig(file)). */
  replayFile?: string | undefined;
}

/** Timer hook: tests pass a manual one and fire it themselves. */
export interface Scheduler {
  setTimer(fn: () => void, delayMs: number): () => void;
}
export const timerScheduler: Scheduler = {
  setTimer(fn, delayMs) {
    const t = setTimeout(fn, delayMs);
    return () => clearTimeout(t);
  },
};

export interface CollectorRuntime {
  /** Default: from the environment (VK_TOKEN, OK_*, YOUTUBE_API_KEY), the only place tokens come from. */
  credentials?: Credentials;
  scheduler?: Scheduler;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  cursorStore?: CursorStore;
  seenStore?: SeenStore;
}

export interface CollectorService extends PipelineService {
  /** Polls every due source once (the loop calls it; tests call it directly). */
  tick(): Promise<PollOutcome[]>;
  /** Polls every source once now, due or not (collect --once). */
  pollAll(): Promise<PollOutcome[]>;
}

/** Merges the file, the inline entries and the replay shortcut into one validated sources file. Throws ConfigError. */
export function resolveCollectorConfig(config: CollectorConfig): SourcesFile {
  const { sourcesFile, replayFile, sources, ...rest } = config;
  const fromFile = sourcesFile ? loadSourcesFile(sourcesFile) : null;
  const entries: unknown[] = [...(fromFile?.sources ?? []), ...(sources ?? []), ...(replayFile ? [replaySourceConfig(replayFile)] : [])];
  const data = { ...(fromFile ? { defaults: fromFile.defaults, platforms: fromFile.platforms, http: fromFile.http, circuit: fromFile.circuit, maxConcurrentPolls: fromFile.maxConcurrentPolls } : {}), ...rest, sources: entries };
  const parsed = parseConfig(SourcesFile, data, sourcesFile ?? 'collector config');
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

export function createCollectorService(deps: ServiceDeps, config: CollectorConfig, runtime: CollectorRuntime = {}): CollectorService {
  const file = resolveCollectorConfig(config);
  const logger = deps.logger.child({ service: 'collector' });
  const sleep = runtime.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = runtime.random ?? Math.random;
  const scheduler = runtime.scheduler ?? timerScheduler;
  const backoff = { ...defaultBackoff, baseMs: file.http.retryBaseMs, maxMs: file.http.retryMaxMs };
  const http: HttpClient = createHttpClient({
    allowedHosts: allowedHostsOf(file), timeoutMs: file.http.timeoutMs, maxPerHost: file.http.maxPerHost, maxAttempts: file.http.maxAttempts,
    backoff, sleep, random, clock: deps.clock, logger, userAgent: file.http.userAgent, maxResponseBytes: file.http.maxResponseBytes,
  });
  const built = buildSources(file, runtime.credentials ?? credentialsFromEnv(process.env), { http, clock: deps.clock, sleep, random, logger, backoff, maxAttempts: file.http.maxAttempts }, logger);
  const disabled: DisabledSource[] = built.disabled;
  const cursors = runtime.cursorStore ?? createCursorStore(deps.store);
  const seen = runtime.seenStore ?? createSeenStore(deps.store);
  const pollDeps = { ...deps, logger, cursors, seen, random, backoff, circuit: { failureThreshold: file.circuit.failureThreshold, openMs: file.circuit.openSec * 1000, maxOpenMs: file.circuit.maxOpenSec * 1000 } };
  const states = new Map<string, SourceState>(built.sources.map((source) => [source.id, {
    source, cursor: null, schedule: { sourceId: source.id, nextDueMs: 0, failures: 0 }, circuit: closedCircuit, latency: newLatencyWindow(),
    lastLatencyMs: null, collected: 0, duplicates: 0, polls: 0, errors: {}, lastError: null, lastSuccessAt: null,
  }]));
  let state: ServiceState = 'idle';
  let loaded = false;
  let cancelTimer: (() => void) | null = null;
  let inFlight: Promise<unknown> = Promise.resolve();

  async function loadCursors(): Promise<void> {
    if (loaded) return;
    const saved = await cursors.loadAll();
    for (const s of states.values()) s.cursor = saved.get(s.source.id) ?? null;
    loaded = true;
  }

  async function pollMany(ids: string[]): Promise<PollOutcome[]> {
    await loadCursors();
    const outcomes: PollOutcome[] = [];
    const queue = [...ids];
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const s = states.get(id)!;
        try {
          outcomes.push(await runPoll(s, pollDeps));
        } catch (error) {
          // A bus or store failure: nothing was lost (the cursor did not move); retry this source later.
          logger.error({ err: error, sourceId: id, event: 'poll_crashed' }, 'poll failed outside the source');
          s.errors.INTERNAL = (s.errors.INTERNAL ?? 0) + 1;
          s.schedule = { ...s.schedule, nextDueMs: deps.clock.now().getTime() + s.source.pollIntervalSec * 1000 };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(file.maxConcurrentPolls, ids.length) }, worker));
    return outcomes;
  }

  const tick = (): Promise<PollOutcome[]> => pollMany(dueSources([...states.values()].map((s) => s.schedule), deps.clock.now().getTime()));

  function loop(): void {
    cancelTimer = null;
    if (state !== 'running') return;
    const run = tick().catch((error) => logger.error({ err: error }, 'collector tick failed')).then(() => {
      if (state !== 'running') return;
      const wake = nextWakeMs([...states.values()].map((s) => s.schedule));
      // Wake at the next due source, at least every minute (a clock change or a new day re-checks the plan).
      const delay = wake === null ? 60_000 : Math.min(60_000, Math.max(10, wake - deps.clock.now().getTime()));
      cancelTimer = scheduler.setTimer(loop, delay);
    });
    inFlight = run;
  }

  return {
    name: 'collector',
    async start() {
      state = 'starting';
      await loadCursors();
      logger.info({ sources: [...states.keys()], disabled: disabled.map((d) => d.id) }, `collector started: ${states.size} source(s) polled, ${disabled.length} disabled`);
      state = 'running';
      loop();
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopping';
      cancelTimer?.();
      await inFlight;
      state = 'stopped';
    },
    tick,
    pollAll: () => pollMany([...states.keys()]),
    health(): ServiceHealth {
      const all = [...states.values()];
      const sum = (f: (s: SourceState) => number): number => all.reduce((n, s) => n + f(s), 0);
      const errors = sum((s) => Object.values(s.errors).reduce((a, b) => a + b, 0));
      return {
        state,
        counters: { collected: sum((s) => s.collected), duplicates: sum((s) => s.duplicates), polls: sum((s) => s.polls), errors, sources: all.length, disabledSources: disabled.length },
        details: {
          sources: Object.fromEntries(all.map((s) => [s.source.id, {
            platform: s.source.platform, collected: s.collected, duplicates: s.duplicates, polls: s.polls, errors: { ...s.errors }, lastError: s.lastError,
            lastSuccessAt: s.lastSuccessAt, nextPollAt: Number.isFinite(s.schedule.nextDueMs) ? new Date(s.schedule.nextDueMs).toISOString() : null,
            pollIntervalSec: s.source.pollIntervalSec, circuit: s.circuit.status, latencyMs: { median: median(s.latency.values), last: s.lastLatencyMs }, budget: s.source.budget?.() ?? null,
          }])),
          disabled,
          requestsPerHost: http.stats(),
        },
      };
    },
  };
}

export { SourceConfig };
