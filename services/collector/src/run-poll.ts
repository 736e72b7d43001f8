// One poll of one source: circuit → poll → drop what was published → publish posts.raw → remember → save cursor.
import { Topics, type RawPost } from '@cur/shared/contracts/index';
import type { ServiceDeps } from '@cur/shared/service';
import type { BackoffPolicy } from './core/backoff';
import { circuitAllows, circuitFailure, circuitSuccess, type CircuitPolicy, type CircuitState } from './core/circuit';
import { contentHash, selectFresh } from './core/dedupe';
import { addLatency, ingestLatencyMs, median, type LatencyWindow } from './core/ingest-stats';
import { afterFailure, afterSuccess, type ScheduleEntry } from './core/schedule';
import type { Source, SourceError } from './sources/source';
import type { CursorStore } from './store/cursor-store';
import type { SeenStore } from './store/seen-store';

export interface SourceState {
  source: Source;
  cursor: unknown;
  schedule: ScheduleEntry;
  circuit: CircuitState;
  latency: LatencyWindow;
  lastLatencyMs: number | null;
  collected: number;
  duplicates: number;
  polls: number;
  errors: Record<string, number>;
  lastError: { code: string; message: string; at: string } | null;
  lastSuccessAt: string | null;
}

export interface PollDeps extends ServiceDeps {
  cursors: CursorStore;
  seen: SeenStore;
  circuit: CircuitPolicy;
  backoff: BackoffPolicy;
  random: () => number;
}

export interface PollOutcome {
  sourceId: string;
  published: RawPost[];
  error: SourceError | null;
}

function recordError(state: SourceState, deps: PollDeps, error: SourceError, now: Date): void {
  state.errors[error.code] = (state.errors[error.code] ?? 0) + 1;
  state.lastError = { code: error.code, message: error.message, at: now.toISOString() };
}

export async function runPoll(state: SourceState, deps: PollDeps): Promise<PollOutcome> {
  const { source } = state;
  const now = deps.clock.now();
  const gate = circuitAllows(state.circuit, now.getTime());
  state.circuit = gate.state;
  if (!gate.allowed) {
    state.schedule = { ...state.schedule, nextDueMs: state.circuit.openUntilMs };
    return { sourceId: source.id, published: [], error: null };
  }
  state.polls += 1;
  const log = deps.logger.child({ sourceId: source.id, platform: source.platform });
  const result = await source.poll({ clock: deps.clock, cursor: state.cursor, logger: log });
  const after = deps.clock.now();
  if (!result.ok) {
    const error = result.error;
    recordError(state, deps, error, after);
    // Only failures of the source itself count towards its circuit; budget waits and platform blocks do not.
    if (error.code !== 'BUDGET_EXHAUSTED' && error.scope !== 'method' && error.scope !== 'platform') {
      state.circuit = circuitFailure(state.circuit, deps.circuit, after.getTime());
    }
    const notBeforeMs = Math.max(error.retryAtMs ?? 0, state.circuit.status === 'open' ? state.circuit.openUntilMs : 0);
    state.schedule = afterFailure(state.schedule, after.getTime(), { intervalSec: source.pollIntervalSec, retriable: error.retriable, notBeforeMs, policy: deps.backoff, random: deps.random });
    const level = error.code === 'BUDGET_EXHAUSTED' ? 'info' : error.retriable ? 'warn' : 'error';
    log[level]({ event: 'poll_failed', code: error.code, retriable: error.retriable, scope: error.scope, platformCode: error.platformCode, nextPollAt: new Date(state.schedule.nextDueMs).toISOString(), circuit: state.circuit.status }, error.message);
    return { sourceId: source.id, published: [], error };
  }
  const { posts, cursor, warnings, more } = result.value;
  for (const w of warnings) {
    recordError(state, deps, w, after);
    log.warn({ event: 'poll_warning', code: w.code, platformCode: w.platformCode }, w.message);
  }
  const seen = await deps.seen.latest(posts.map((p) => p.uid));
  const { fresh, duplicates } = selectFresh(posts, seen, after.toISOString());
  if (fresh.length > 0) {
    await deps.bus.publish(Topics.postsRaw, fresh.map((p) => ({ key: p.uid, value: p })));
    await deps.seen.record(fresh.map((p) => ({ uid: p.uid, version: p.version, contentHash: contentHash(p), sourceId: source.id })), after);
  }
  // The cursor moves only after the posts it covers are on the bus: a crash in between repeats, never loses.
  await deps.cursors.save(source.id, cursor, after);
  state.cursor = cursor;
  for (const p of fresh) {
    const ms = ingestLatencyMs(p.publishedAt, p.collectedAt);
    state.latency = addLatency(state.latency, ms);
    state.lastLatencyMs = ms;
  }
  state.collected += fresh.length;
  state.duplicates += duplicates;
  state.lastSuccessAt = after.toISOString();
  state.circuit = circuitSuccess();
  state.schedule = more ? { ...state.schedule, failures: 0, nextDueMs: after.getTime() } : afterSuccess(state.schedule, after.getTime(), source.pollIntervalSec);
  log[fresh.length > 0 ? 'info' : 'debug']({
    event: 'poll_done', collected: fresh.length, duplicates, totalCollected: state.collected, errors: state.errors,
    latencyMsMedian: median(state.latency.values), latencyMsLast: state.lastLatencyMs, budget: source.budget?.() ?? undefined,
    nextPollAt: new Date(state.schedule.nextDueMs).toISOString(),
  }, 'poll done');
  return { sourceId: source.id, published: fresh, error: null };
}
