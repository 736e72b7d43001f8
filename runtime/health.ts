// The whole pipeline's health: each service's state and counters, plus durable totals read from the store.
import type { Store } from '@cur/shared/store/clickhouse';
import type { PipelineService, ServiceHealth } from '@cur/shared/service';
import type { Bus } from '@cur/shared/bus/bus';

export interface StoreTotals {
  posts: number;
  classified: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  incidents: number;
  slaFacts: number;
  slaBreached: number;
}

export async function readStoreTotals(store: Store): Promise<StoreTotals> {
  const [posts] = await store.query<{ posts: number; classified: number; rejected: number }>(
    `SELECT count() AS posts, countIf(status = 'classified') AS classified, countIf(status = 'rejected') AS rejected
     FROM posts FINAL`,
  );
  const reasons = await store.query<{ reason: string; n: number }>(
    `SELECT reject_reason AS reason, count() AS n FROM posts FINAL WHERE status = 'rejected' GROUP BY reason`,
  );
  const [incidents] = await store.query<{ n: number }>('SELECT count() AS n FROM incidents FINAL');
  const [facts] = await store.query<{ n: number; breached: number }>(
    `SELECT count() AS n, countIf(status = 'breached') AS breached FROM sla_facts FINAL`,
  );
  return {
    posts: Number(posts?.posts ?? 0),
    classified: Number(posts?.classified ?? 0),
    rejected: Number(posts?.rejected ?? 0),
    rejectedByReason: Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)])),
    incidents: Number(incidents?.n ?? 0),
    slaFacts: Number(facts?.n ?? 0),
    slaBreached: Number(facts?.breached ?? 0),
  };
}

export interface PipelineHealth {
  status: 'ok' | 'degraded' | 'starting' | 'stopping';
  runtime: { bus: string; store: string; startedAt: string };
  services: Record<string, ServiceHealth>;
  totals: StoreTotals | { error: string };
  bus: ReturnType<Bus['stats']>;
}

/** Keeps the last store totals for a second so a busy dashboard does not hammer the store. */
export function createHealthReporter(deps: {
  store: Store;
  bus: Bus;
  services: () => PipelineService[];
  startedAt: Date;
  now: () => Date;
}): () => Promise<PipelineHealth> {
  let cached: { at: number; totals: StoreTotals } | null = null;
  return async () => {
    const services = Object.fromEntries(deps.services().map((s) => [s.name, s.health()]));
    let totals: PipelineHealth['totals'];
    const nowMs = deps.now().getTime();
    try {
      if (!cached || nowMs - cached.at > 1000) cached = { at: nowMs, totals: await readStoreTotals(deps.store) };
      totals = cached.totals;
    } catch (error) {
      totals = { error: (error as Error).message };
    }
    const states = Object.values(services).map((s) => s.state);
    const status: PipelineHealth['status'] = states.some((s) => s === 'starting' || s === 'idle')
      ? 'starting'
      : states.some((s) => s === 'stopping' || s === 'stopped')
        ? 'stopping'
        : states.every((s) => s === 'running') && !('error' in totals) ? 'ok' : 'degraded';
    return {
      status,
      runtime: { bus: deps.bus.kind, store: deps.store.kind, startedAt: deps.startedAt.toISOString() },
      services,
      totals,
      bus: deps.bus.stats(),
    };
  };
}
