// Delivers due outbox entries with an Idempotency-Key, backing off exponentially; a restart resumes from the table.
import type { Clock } from '@cur/shared/clock';
import type { Logger } from '@cur/shared/logger';
import type { Store } from '@cur/shared/store/clickhouse';
import { isRetriableStatus, retryDelayMs } from '../core/backoff';
import { dueEntries, saveEntry, type OutboxEntry } from '../store/outbox';

export interface DispatcherOptions {
  pollMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  timeoutMs: number;
  batchSize?: number;
}

export interface DeliveryCounters {
  delivered: number;
  failedAttempts: number;
  rejected: number;
}

export interface OutboxDispatcher {
  start(): void;
  /** One pass over the due entries; returns how many were attempted. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
  counters(): DeliveryCounters;
}

type Delivery = { ok: true } | { ok: false; error: { code: 'HTTP_STATUS' | 'NETWORK'; message: string; retriable: boolean } };

async function deliver(entry: OutboxEntry, timeoutMs: number): Promise<Delivery> {
  try {
    const response = await fetch(entry.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': entry.idempotencyKey },
      body: entry.payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return { ok: true };
    return { ok: false, error: { code: 'HTTP_STATUS', message: `HTTP ${response.status}`, retriable: isRetriableStatus(response.status) } };
  } catch (error) {
    return { ok: false, error: { code: 'NETWORK', message: (error as Error).message, retriable: true } };
  }
}

export function createOutboxDispatcher(deps: { store: Store; clock: Clock; logger: Logger }, options: DispatcherOptions): OutboxDispatcher {
  const counters: DeliveryCounters = { delivered: 0, failedAttempts: 0, rejected: 0 };
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let isStopped = false;

  const runOnce = async (): Promise<number> => {
    const now = deps.clock.now();
    const due = await dueEntries(deps.store, now, options.batchSize ?? 50);
    for (const entry of due) {
      if (isStopped) break;
      const result = await deliver(entry, options.timeoutMs);
      const at = deps.clock.now();
      const attempts = entry.attempts + 1;
      if (result.ok) {
        counters.delivered += 1;
        await saveEntry(deps.store, { ...entry, attempts, status: 'delivered', lastError: '' }, at);
        continue;
      }
      if (!result.error.retriable) {
        counters.rejected += 1;
        deps.logger.error({ event: 'outbox_rejected', entryId: entry.entryId, endpoint: entry.endpoint, error: result.error.message }, 'receiver refused the delivery; kept as rejected');
        await saveEntry(deps.store, { ...entry, attempts, status: 'rejected', lastError: result.error.message }, at);
        continue;
      }
      counters.failedAttempts += 1;
      const next = new Date(at.getTime() + retryDelayMs(attempts, options.baseDelayMs, options.maxDelayMs));
      deps.logger.warn({ event: 'outbox_retry', entryId: entry.entryId, endpoint: entry.endpoint, attempts, nextAttemptAt: next.toISOString(), error: result.error.message }, 'delivery failed; will retry');
      await saveEntry(deps.store, { ...entry, attempts, status: 'pending', lastError: result.error.message, nextAttemptAt: next.toISOString() }, at);
    }
    return due.length;
  };

  const tick = () => {
    if (isStopped || running) return;
    running = runOnce()
      .catch((error) => { deps.logger.error({ err: error, event: 'outbox_pass_failed' }, 'outbox pass failed'); return 0; })
      .finally(() => { running = null; });
  };

  return {
    start() {
      isStopped = false;
      timer = setInterval(tick, options.pollMs);
      timer.unref();
    },
    runOnce,
    async stop() {
      isStopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
    counters: () => ({ ...counters }),
  };
}
