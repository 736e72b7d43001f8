// The watcher's per-incident records: lifecycle state, the applied events, the incidents row, outages, alerts.
import type { Alert, IncidentEvent, RegionCode } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import { IncidentState } from '../core/lifecycle';
import type { Outage } from '../core/working-time';
import { fromChTime, toChTime } from './sla-facts';

export interface StoredState { state: IncidentState; version: number }

export async function loadState(store: Store, incidentId: string): Promise<StoredState | null> {
  const rows = await store.query<{ state: string; version: number }>(
    'SELECT state, version FROM sla_incident_state FINAL WHERE incident_id = {incidentId:String}', { incidentId },
  );
  const row = rows[0];
  if (!row) return null;
  return { state: IncidentState.parse(JSON.parse(row.state)), version: Number(row.version) };
}

export async function saveState(store: Store, state: IncidentState, version: number): Promise<void> {
  await store.insert('sla_incident_state', [{
    incident_id: state.incidentId, region: state.region, status: state.status, state: JSON.stringify(state),
    last_event_id: state.lastEventId, version,
  }]);
}

/** Has this event already been applied (it is written last, as the mark of a completed event)? */
export async function isEventRecorded(store: Store, incidentId: string, eventId: string): Promise<boolean> {
  const rows = await store.query<{ n: number }>(
    'SELECT count() AS n FROM incident_events WHERE incident_id = {incidentId:String} AND event_id = {eventId:String}', { incidentId, eventId },
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

export async function recordEvent(store: Store, event: IncidentEvent): Promise<void> {
  await store.insert('incident_events', [{
    event_id: event.eventId, incident_id: event.incidentId, region: event.region, type: event.type, at: event.at,
    actor: event.actor, authority: event.authority ?? '', co_executors: event.coExecutors, importance: event.importance ?? '',
    reason: event.reason ?? '', text: event.text ?? '',
  }]);
}

/**
 * Writes a new version of the incidents row with the lifecycle's status, authority and importance. The router
 * writes the full row (version = ms timestamp); without it a minimal row with version 1 is written, which the
 * router's row supersedes.
 */
export async function updateIncidentRow(store: Store, state: IncidentState, at: Date, now: Date): Promise<void> {
  const rows = await store.query<Record<string, unknown> & { version: number }>(
    'SELECT * FROM incidents FINAL WHERE incident_id = {incidentId:String}', { incidentId: state.incidentId },
  );
  const current = rows[0];
  const changes = {
    status: state.status, authority: state.authority ?? 'none', co_executors: state.coExecutors, importance: state.importance,
    updated_at: at.toISOString(),
  };
  if (current) {
    await store.insert('incidents', [{ ...current, ...changes, version: Math.max(Number(current.version) + 1, now.getTime()) }]);
    return;
  }
  await store.insert('incidents', [{
    incident_id: state.incidentId, post_uid: state.incidentId.replace(/^inc:/, ''), region: state.region, topic: '', location: '',
    repeat_of_incident_id: '', detected_at: state.detectedAt, created_at: state.detectedAt, url: '', text: '', source: '',
    author_id: '', evidence: '[]', ...changes, version: 1,
  }]);
}

// ---- outages ----

export async function loadOutages(store: Store): Promise<Map<RegionCode, (Outage & { outageId: string })[]>> {
  const rows = await store.query<{ outage_id: string; region: RegionCode; started_at: string; ended_at: string | null }>(
    'SELECT outage_id, region, started_at, ended_at FROM sla_outages FINAL ORDER BY started_at',
  );
  const out = new Map<RegionCode, (Outage & { outageId: string })[]>();
  for (const row of rows) {
    const list = out.get(row.region) ?? [];
    list.push({ outageId: row.outage_id, from: fromChTime(row.started_at), to: row.ended_at ? fromChTime(row.ended_at) : null });
    out.set(row.region, list);
  }
  return out;
}

export async function writeOutage(store: Store, region: RegionCode, outage: Outage & { outageId: string }, now: Date): Promise<void> {
  await store.insert('sla_outages', [{
    outage_id: outage.outageId, region, started_at: outage.from.toISOString(), ended_at: outage.to ? outage.to.toISOString() : null,
    recorded_at: now.toISOString(),
  }]);
}

// ---- alerts ----

export async function recordAlerts(store: Store, alerts: readonly Alert[], now: Date): Promise<void> {
  await store.insert('sla_alerts', alerts.map((a) => ({
    alert_id: a.alertId, kind: a.kind, severity: a.severity, region: a.region, incident_id: a.incidentId ?? '', stage: a.stage ?? '',
    at: a.at, message: a.message, data: JSON.stringify(a.data), recorded_at: now.toISOString(),
  })));
}

export async function alertsOfIncident(store: Store, incidentId: string): Promise<{ alert_id: string; kind: string; stage: string; at: string }[]> {
  return store.query('SELECT alert_id, kind, stage, at FROM sla_alerts FINAL WHERE incident_id = {incidentId:String} ORDER BY at, alert_id', { incidentId });
}

export { toChTime };
