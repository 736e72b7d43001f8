// The durable outbox: deliveries to external systems survive a restart and are retried until accepted.
import type { Store } from '@cur/shared/store/clickhouse';
import { chToIso, toChTime } from './ch-time';

export type OutboxStatus = 'pending' | 'delivered' | 'rejected';

export interface OutboxEntry {
  entryId: string;
  endpoint: string;
  kind: string;
  idempotencyKey: string;
  payload: string;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
}

interface OutboxRow {
  entry_id: string; endpoint: string; kind: string; idempotency_key: string; payload: string; created_at: string;
  status: OutboxStatus; attempts: number; next_attempt_at: string; last_error: string;
}

const statusRank: Record<OutboxStatus, number> = { pending: 0, delivered: 1, rejected: 2 };

// Each attempt writes a new version of the row; attempts only grow, so the version does too.
const versionOf = (attempts: number, status: OutboxStatus): number => attempts * 10 + statusRank[status];

function toRow(e: OutboxEntry, updatedAt: Date): Record<string, unknown> {
  return {
    entry_id: e.entryId,
    endpoint: e.endpoint,
    kind: e.kind,
    idempotency_key: e.idempotencyKey,
    payload: e.payload,
    created_at: toChTime(e.createdAt),
    status: e.status,
    attempts: e.attempts,
    next_attempt_at: toChTime(e.nextAttemptAt),
    last_error: e.lastError.slice(0, 2000),
    updated_at: toChTime(updatedAt),
    version: versionOf(e.attempts, e.status),
  };
}

function fromRow(r: OutboxRow): OutboxEntry {
  return {
    entryId: r.entry_id, endpoint: r.endpoint, kind: r.kind, idempotencyKey: r.idempotency_key, payload: r.payload,
    createdAt: chToIso(r.created_at) ?? '', status: r.status, attempts: Number(r.attempts),
    nextAttemptAt: chToIso(r.next_attempt_at) ?? '', lastError: r.last_error,
  };
}

/** Adds entries that are not there yet (a replayed message does not restart a delivered entry). */
export async function enqueue(store: Store, entries: readonly { entryId: string; endpoint: string; kind: string; idempotencyKey: string; payload: unknown }[], now: Date): Promise<number> {
  if (entries.length === 0) return 0;
  const existing = new Set((await store.query<{ entry_id: string }>(
    'SELECT entry_id FROM console_outbox WHERE entry_id IN {ids:Array(String)}',
    { ids: entries.map((e) => e.entryId) },
  )).map((r) => r.entry_id));
  const fresh = entries.filter((e) => !existing.has(e.entryId));
  await store.insert('console_outbox', fresh.map((e) => toRow({
    entryId: e.entryId, endpoint: e.endpoint, kind: e.kind, idempotencyKey: e.idempotencyKey,
    payload: JSON.stringify(e.payload), createdAt: now.toISOString(), status: 'pending', attempts: 0,
    nextAttemptAt: now.toISOString(), lastError: '',
  }, now)));
  return fresh.length;
}

export async function dueEntries(store: Store, now: Date, limit: number): Promise<OutboxEntry[]> {
  const rows = await store.query<OutboxRow>(
    `SELECT entry_id, endpoint, kind, idempotency_key, payload, created_at, status, attempts, next_attempt_at, last_error
     FROM console_outbox FINAL WHERE status = 'pending' AND next_attempt_at <= {now:DateTime64(3,'UTC')}
     ORDER BY next_attempt_at, created_at LIMIT {limit:UInt32}`,
    { now: toChTime(now), limit },
  );
  return rows.map(fromRow);
}

export async function saveEntry(store: Store, entry: OutboxEntry, now: Date): Promise<void> {
  await store.insert('console_outbox', [toRow(entry, now)]);
}

export async function listOutbox(store: Store, status: OutboxStatus | 'all', limit: number): Promise<OutboxEntry[]> {
  const rows = await store.query<OutboxRow>(
    `SELECT entry_id, endpoint, kind, idempotency_key, payload, created_at, status, attempts, next_attempt_at, last_error
     FROM console_outbox FINAL WHERE {status:String} = 'all' OR status = {status:String}
     ORDER BY created_at DESC LIMIT {limit:UInt32}`,
    { status, limit },
  );
  return rows.map(fromRow);
}

export async function outboxCounts(store: Store): Promise<Record<string, number>> {
  const rows = await store.query<{ status: string; n: number }>('SELECT status, count() AS n FROM console_outbox FINAL GROUP BY status');
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
