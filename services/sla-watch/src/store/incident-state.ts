// The watcher's per-incident records: lifecycle state, the applied events, the incidents row, outages, alerts.
import { z } from 'zod';
import type { Alert, IncidentEvent, RegionCode } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import { IncidentState } from '../core/lifecycle';
import type { Outage } from '../core/working-time';
import { fromChTime, toChTime } from './sla-facts';

export interface StoredState {
  state: IncidentState;
  version: number;
  /**
   * The events of this incident the batch that wrote this version applied, and those it dead-lettered. After a
   * crash between the state and the incident_events rows, a replayed batch recognises them from here.
   */
  appliedEventIds: string[];
  rejectedEventIds: string[];
}

const Bookkeeping = z.object({
  appliedEventIds: z.array(z.string()).default([]),
  rejectedEventIds: z.array(z.string()).default([]),
});

function parseStoredState(text: string, version: number): StoredState {
  const { appliedEventIds, rejectedEventIds, ...state } = JSON.parse(text) as Record<string, unknown>;
  return { state: IncidentState.parse(state), version, ...Bookkeeping.parse({ appliedEventIds, rejectedEventIds }) };
}

/** The newest stored state of several incidents, in one query (absent: never stored). */
export async function loadStates(store: Store, incidentIds: readonly string[]): Promise<Map<string, StoredState>> {
  const out = new Map<string, StoredState>();
  if (incidentIds.length === 0) return out;
  const rows = await store.query<{ incident_id: string; state: string; version: number }>(
    'SELECT incident_id, state, version FROM sla_incident_state FINAL WHERE incident_id IN {incidentIds:Array(String)}', { incidentIds },
  );
  for (const row of rows) out.set(row.incident_id, parseStoredState(row.state, Number(row.version)));
  return out;
}

/**
 * Which of these incidents have a stored lifecycle state, in one primary-key lookup (no FINAL). An incident
 * without one has nothing else of the watcher's either that a replay needs: its incident_events marks are written
 * after the state, and facts left by a crash before the state are written again, identical, when its events are
 * applied again.
 */
export async function incidentsWithState(store: Store, incidentIds: readonly string[]): Promise<Set<string>> {
  if (incidentIds.length === 0) return new Set();
  const rows = await store.query<{ incident_id: string }>(
    'SELECT DISTINCT incident_id FROM sla_incident_state WHERE incident_id IN {incidentIds:Array(String)}', { incidentIds },
  );
  return new Set(rows.map((r) => r.incident_id));
}

export async function loadState(store: Store, incidentId: string): Promise<StoredState | null> {
  return (await loadStates(store, [incidentId])).get(incidentId) ?? null;
}

export async function saveStates(store: Store, rows: readonly StoredState[]): Promise<void> {
  await store.insert('sla_incident_state', rows.map(({ state, version, appliedEventIds, rejectedEventIds }) => ({
    incident_id: state.incidentId, region: state.region, status: state.status,
    state: JSON.stringify({ ...state, appliedEventIds, rejectedEventIds }), last_event_id: state.lastEventId, version,
  })));
}

export async function saveState(store: Store, state: IncidentState, version: number): Promise<void> {
  await saveStates(store, [{ state, version, appliedEventIds: [state.lastEventId], rejectedEventIds: [] }]);
}

/** Has this event already been applied (it is written last, as the mark of a completed event)? */
export async function isEventRecorded(store: Store, incidentId: string, eventId: string): Promise<boolean> {
  const rows = await store.query<{ n: number }>(
    'SELECT count() AS n FROM incident_events WHERE incident_id = {incidentId:String} AND event_id = {eventId:String}', { incidentId, eventId },
  );
  return Number(rows[0]?.n ?? 0) > 0;
}

/** The recorded (applied and marked) event ids of several incidents, in one query. */
export async function recordedEventIds(store: Store, incidentIds: readonly string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (incidentIds.length === 0) return out;
  const rows = await store.query<{ incident_id: string; event_id: string }>(
    'SELECT DISTINCT incident_id, event_id FROM incident_events WHERE incident_id IN {incidentIds:Array(String)}', { incidentIds },
  );
  for (const row of rows) {
    const ids = out.get(row.incident_id) ?? new Set<string>();
    ids.add(row.event_id);
    out.set(row.incident_id, ids);
  }
  return out;
}

/** Which of these (incident, event) pairs are recorded, in one query: the set of their event ids. */
export async function recordedAmong(store: Store, events: readonly { incidentId: string; eventId: string }[]): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const rows = await store.query<{ event_id: string }>(
    'SELECT DISTINCT event_id FROM incident_events WHERE incident_id IN {incidentIds:Array(String)} AND event_id IN {eventIds:Array(String)}',
    { incidentIds: [...new Set(events.map((e) => e.incidentId))], eventIds: events.map((e) => e.eventId) },
  );
  return new Set(rows.map((r) => r.event_id));
}

export async function recordEvents(store: Store, events: readonly IncidentEvent[]): Promise<void> {
  await store.insert('incident_events', events.map((event) => ({
    event_id: event.eventId, incident_id: event.incidentId, region: event.region, type: event.type, at: event.at,
    actor: event.actor, authority: event.authority ?? '', co_executors: event.coExecutors, importance: event.importance ?? '',
    reason: event.reason ?? '', text: event.text ?? '',
  })));
}

export async function recordEvent(store: Store, event: IncidentEvent): Promise<void> {
  await recordEvents(store, [event]);
}

/** A row of the incidents table as read back (SELECT *). */
export type IncidentRow = Record<string, unknown> & { version: number; topic?: unknown };

/** The current incidents rows of several incidents, in one query. */
export async function loadIncidentRows(store: Store, incidentIds: readonly string[]): Promise<Map<string, IncidentRow>> {
  const out = new Map<string, IncidentRow>();
  if (incidentIds.length === 0) return out;
  const rows = await store.query<IncidentRow & { incident_id: string }>(
    'SELECT * FROM incidents FINAL WHERE incident_id IN {incidentIds:Array(String)}', { incidentIds },
  );
  for (const row of rows) out.set(row.incident_id, row);
  return out;
}

/** Is this the router's full row (not the minimal one the watcher writes when it is missing)? */
export const isRouterRow = (row: IncidentRow | undefined): boolean => row !== undefined && typeof row.topic === 'string' && row.topic !== '';

/**
 * The next version of the incidents row with the lifecycle's status, authority and importance. The router
 * writes the full row (version = ms timestamp); without it a minimal row with version 1 is written, which the
 * router's row supersedes. Pure.
 */
export function nextIncidentRow(current: IncidentRow | undefined, state: IncidentState, at: Date, now: Date): IncidentRow {
  const changes = {
    status: state.status, authority: state.authority ?? 'none', co_executors: state.coExecutors, importance: state.importance,
    updated_at: at.toISOString(),
    // A curator's correction outlives the router's classification in every later version of the row.
    ...(state.topic ? { topic: state.topic } : {}),
    ...(state.location ? { location: state.location } : {}),
  };
  if (current) return { ...current, ...changes, version: Math.max(Number(current.version) + 1, now.getTime()) };
  return {
    incident_id: state.incidentId, post_uid: state.incidentId.replace(/^inc:/, ''), region: state.region, topic: '', location: '',
    repeat_of_incident_id: '', detected_at: state.detectedAt, created_at: state.detectedAt, url: '', text: '', source: '',
    author_id: '', evidence: '[]', ...changes, version: 1,
  };
}

export async function writeIncidentRows(store: Store, rows: readonly IncidentRow[]): Promise<void> {
  await store.insert('incidents', rows);
}

export async function updateIncidentRow(store: Store, state: IncidentState, at: Date, now: Date): Promise<void> {
  const current = (await loadIncidentRows(store, [state.incidentId])).get(state.incidentId);
  await writeIncidentRows(store, [nextIncidentRow(current, state, at, now)]);
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
