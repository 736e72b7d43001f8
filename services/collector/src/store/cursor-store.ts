// Per-source cursors, durable in the store's source_cursors table (or in memory for a one-off CLI run).
import type { Store } from '@cur/shared/store/clickhouse';

export interface CursorStore {
  /** The saved cursor of every source, parsed from JSON. */
  loadAll(): Promise<Map<string, unknown>>;
  /** Saves a cursor; call only after the posts it covers were published. */
  save(sourceId: string, cursor: unknown, at: Date): Promise<void>;
}

export function createMemoryCursorStore(initial: Record<string, unknown> = {}): CursorStore & { snapshot(): Record<string, unknown> } {
  const cursors = new Map<string, string>(Object.entries(initial).map(([k, v]) => [k, JSON.stringify(v)]));
  return {
    async loadAll() {
      return new Map([...cursors].map(([k, v]) => [k, JSON.parse(v) as unknown]));
    },
    async save(sourceId, cursor) {
      cursors.set(sourceId, JSON.stringify(cursor));
    },
    snapshot: () => Object.fromEntries([...cursors].map(([k, v]) => [k, JSON.parse(v) as unknown])),
  };
}

export function createCursorStore(store: Store): CursorStore {
  // ReplacingMergeTree(updated_at) keeps the newest row per source: each save gets a strictly later instant.
  const lastAt = new Map<string, number>();
  return {
    async loadAll() {
      const rows = await store.query<{ source_id: string; c: string; at: number }>(
        'SELECT source_id, argMax(cursor, updated_at) AS c, toUnixTimestamp64Milli(max(updated_at)) AS at FROM source_cursors GROUP BY source_id',
      );
      const out = new Map<string, unknown>();
      for (const row of rows) {
        lastAt.set(row.source_id, Number(row.at));
        try {
          out.set(row.source_id, JSON.parse(row.c));
        } catch {
          out.set(row.source_id, null); // an unreadable cursor restarts the source from its backfill
        }
      }
      return out;
    },
    async save(sourceId, cursor, at) {
      const ms = Math.max(at.getTime(), (lastAt.get(sourceId) ?? 0) + 1);
      lastAt.set(sourceId, ms);
      await store.insert('source_cursors', [{ source_id: sourceId, cursor: JSON.stringify(cursor), updated_at: new Date(ms).toISOString() }]);
    },
  };
}
