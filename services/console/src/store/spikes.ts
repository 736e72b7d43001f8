// Detected spikes, kept so the dashboard can mark them on the chart and the alert is not repeated.
import type { Store } from '@cur/shared/store/clickhouse';
import { chToIso, toChTime } from './ch-time';

export interface SpikeRecord {
  spikeId: string;
  region: string;
  topic: string;
  location: string;
  windowStart: string;
  windowEnd: string;
  startedAt: string;
  count: number;
  baseline: number;
  ratio: number;
  zScore: number;
  severity: string;
  summary: string;
  postUids: string[];
  detectedAt: string;
}

export async function saveSpikes(store: Store, spikes: readonly SpikeRecord[]): Promise<void> {
  await store.insert('console_spikes', spikes.map((s) => ({
    spike_id: s.spikeId, region: s.region, topic: s.topic, location: s.location,
    window_start: toChTime(s.windowStart), window_end: toChTime(s.windowEnd), started_at: toChTime(s.startedAt),
    count: s.count, baseline: s.baseline, ratio: Number.isFinite(s.ratio) ? s.ratio : 0, z_score: Number.isFinite(s.zScore) ? s.zScore : 0,
    severity: s.severity, summary: s.summary, post_uids: s.postUids, detected_at: toChTime(s.detectedAt),
  })));
}

export async function knownSpikeIds(store: Store, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await store.query<{ spike_id: string }>('SELECT spike_id FROM console_spikes WHERE spike_id IN {ids:Array(String)}', { ids });
  return new Set(rows.map((r) => r.spike_id));
}

export async function listSpikes(store: Store, from: Date, to: Date, limit: number): Promise<SpikeRecord[]> {
  const rows = await store.query<{
    spike_id: string; region: string; topic: string; location: string; window_start: string; window_end: string; started_at: string;
    count: number; baseline: number; ratio: number; z_score: number; severity: string; summary: string; post_uids: string[]; detected_at: string;
  }>(
    `SELECT * FROM console_spikes FINAL WHERE window_start >= {from:DateTime64(3,'UTC')} AND window_start < {to:DateTime64(3,'UTC')}
     ORDER BY window_start DESC LIMIT {limit:UInt32}`,
    { from: toChTime(from), to: toChTime(to), limit },
  );
  return rows.map((r) => ({
    spikeId: r.spike_id, region: r.region, topic: r.topic, location: r.location, windowStart: chToIso(r.window_start) ?? '',
    windowEnd: chToIso(r.window_end) ?? '', startedAt: chToIso(r.started_at) ?? '', count: Number(r.count), baseline: Number(r.baseline),
    ratio: Number(r.ratio), zScore: Number(r.z_score), severity: r.severity, summary: r.summary, postUids: r.post_uids,
    detectedAt: chToIso(r.detected_at) ?? '',
  }));
}
