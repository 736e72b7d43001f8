// Which uid + version were already published: durable in collector_seen (migration 101), cached in memory.
import type { Store } from '@cur/shared/store/clickhouse';
import type { SeenVersion } from '../core/dedupe';

export interface SeenEntry extends SeenVersion {
  uid: string;
  sourceId: string;
}

export interface SeenStore {
  latest(uids: readonly string[]): Promise<Map<string, SeenVersion>>;
  record(entries: readonly SeenEntry[], at: Date): Promise<void>;
}

export function createMemorySeenStore(): SeenStore {
  const seen = new Map<string, SeenVersion>();
  return {
    async latest(uids) {
      const out = new Map<string, SeenVersion>();
      for (const uid of uids) {
        const v = seen.get(uid);
        if (v) out.set(uid, v);
      }
      return out;
    },
    async record(entries) {
      for (const e of entries) {
        const prev = seen.get(e.uid);
        if (!prev || e.version >= prev.version) seen.set(e.uid, { version: e.version, contentHash: e.contentHash });
      }
    },
  };
}

export function createSeenStore(store: Store, cacheSize = 200_000): SeenStore {
  const cache = new Map<string, SeenVersion>();
  const remember = (uid: string, v: SeenVersion): void => {
    cache.delete(uid);
    cache.set(uid, v);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
  };
  return {
    async latest(uids) {
      const out = new Map<string, SeenVersion>();
      const missing: string[] = [];
      for (const uid of uids) {
        const v = cache.get(uid);
        if (v) out.set(uid, v);
        else missing.push(uid);
      }
      for (let i = 0; i < missing.length; i += 1000) {
        const rows = await store.query<{ uid: string; v: number; h: string }>(
          'SELECT uid, max(version) AS v, argMax(content_hash, version) AS h FROM collector_seen WHERE uid IN {uids:Array(String)} GROUP BY uid',
          { uids: missing.slice(i, i + 1000) },
        );
        for (const row of rows) {
          const v = { version: Number(row.v), contentHash: row.h };
          out.set(row.uid, v);
          remember(row.uid, v);
        }
      }
      return out;
    },
    async record(entries, at) {
      if (entries.length === 0) return;
      await store.insert('collector_seen', entries.map((e) => ({ uid: e.uid, version: e.version, content_hash: e.contentHash, source_id: e.sourceId, seen_at: at.toISOString() })));
      for (const e of entries) remember(e.uid, { version: e.version, contentHash: e.contentHash });
    },
  };
}
