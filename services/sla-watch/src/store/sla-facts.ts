// sla_facts and their warning marks in ClickHouse: one row version per change of a stage clock.
import { SlaFact, type RegionCode } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import type { StoredFact } from '../core/watch-step';

/** ClickHouse prints DateTime64(3, 'UTC') as "2026-11-24 07:00:00.000". */
export const fromChTime = (value: string): Date => new Date(`${value.replace(' ', 'T')}Z`);
/** A query parameter of type DateTime64(3, 'UTC'). */
export const toChTime = (at: Date): string => at.toISOString().replace('T', ' ').replace('Z', '');

interface FactRow {
  fact_id: string; incident_id: string; region: string; authority: string; stage: string; importance: string;
  started_at: string; deadline_at: string; done_at: string | null; status: string; overdue_working_minutes: number;
  recorded_at: string;
}

export type { StoredFact } from '../core/watch-step';

function fromRow(row: FactRow & { warn_at?: string; warned?: number; has_mark?: number }): StoredFact {
  const fact = SlaFact.parse({
    schemaVersion: 1,
    factId: row.fact_id,
    incidentId: row.incident_id,
    region: row.region,
    authority: row.authority,
    stage: row.stage,
    importance: row.importance,
    startedAt: fromChTime(row.started_at).toISOString(),
    deadlineAt: fromChTime(row.deadline_at).toISOString(),
    doneAt: row.done_at ? fromChTime(row.done_at).toISOString() : null,
    status: row.status,
    overdueWorkingMinutes: row.overdue_working_minutes,
    recordedAt: fromChTime(row.recorded_at).toISOString(),
  });
  if (row.has_mark === undefined) return fact;
  return { ...fact, warnAt: row.has_mark ? fromChTime(row.warn_at as string) : null, isWarned: row.warned === 1 };
}

export async function writeFacts(store: Store, facts: readonly SlaFact[]): Promise<void> {
  await store.insert('sla_facts', facts.map((f) => {
    const fact = SlaFact.parse(f);
    return {
      fact_id: fact.factId, incident_id: fact.incidentId, region: fact.region, authority: fact.authority, stage: fact.stage,
      importance: fact.importance, started_at: fact.startedAt, deadline_at: fact.deadlineAt, done_at: fact.doneAt,
      status: fact.status, overdue_working_minutes: fact.overdueWorkingMinutes, recorded_at: fact.recordedAt,
    };
  }));
}

export async function writeWarningMarks(store: Store, marks: readonly { factId: string; region: RegionCode; warnAt: Date; isWarned: boolean; recordedAt: Date }[]): Promise<void> {
  await store.insert('sla_warnings', marks.map((m) => ({
    fact_id: m.factId, region: m.region, warn_at: m.warnAt.toISOString(), warned: m.isWarned ? 1 : 0, recorded_at: m.recordedAt.toISOString(),
  })));
}

const withMarks = `
  SELECT f.*, w.warn_at AS warn_at, w.warned AS warned, w.fact_id != '' AS has_mark
  FROM (SELECT * FROM sla_facts FINAL WHERE done_at IS NULL AND status != 'met' AND %WHERE%) AS f
  LEFT JOIN (SELECT fact_id, warn_at, warned FROM sla_warnings FINAL) AS w ON w.fact_id = f.fact_id
  ORDER BY f.deadline_at, f.fact_id`;

/** Clocks still running (open, or breached and not done yet) of one incident. */
export async function openFactsOfIncident(store: Store, incidentId: string): Promise<StoredFact[]> {
  const rows = await store.query<FactRow>(withMarks.replace('%WHERE%', 'incident_id = {incidentId:String}'), { incidentId });
  return rows.map(fromRow);
}

/** Clocks still running of several incidents, in one query: incident id → its clocks (absent: none). */
export async function openFactsOfIncidents(store: Store, incidentIds: readonly string[]): Promise<Map<string, StoredFact[]>> {
  const out = new Map<string, StoredFact[]>();
  if (incidentIds.length === 0) return out;
  // The marks of these incidents' facts only (sla_warnings is ordered by fact_id), not a scan of every mark.
  const sql = `
    SELECT f.*, w.warn_at AS warn_at, w.warned AS warned, w.fact_id != '' AS has_mark
    FROM (SELECT * FROM sla_facts FINAL WHERE done_at IS NULL AND status != 'met' AND incident_id IN {incidentIds:Array(String)}) AS f
    LEFT JOIN (
      SELECT fact_id, warn_at, warned FROM sla_warnings FINAL
      WHERE fact_id IN (SELECT fact_id FROM sla_facts WHERE incident_id IN {incidentIds:Array(String)})
    ) AS w ON w.fact_id = f.fact_id
    ORDER BY f.deadline_at, f.fact_id`;
  const rows = await store.query<FactRow>(sql, { incidentIds });
  for (const fact of rows.map(fromRow)) {
    const list = out.get(fact.incidentId) ?? [];
    list.push(fact);
    out.set(fact.incidentId, list);
  }
  return out;
}

/** Clocks still running in a region (an outage moves their deadlines). */
export async function openFactsOfRegion(store: Store, region: RegionCode): Promise<StoredFact[]> {
  const rows = await store.query<FactRow>(withMarks.replace('%WHERE%', 'region = {region:String}'), { region });
  return rows.map(fromRow);
}

/** Open (not yet breached) clocks whose deadline or warning instant has come. */
export async function dueFacts(store: Store, now: Date): Promise<StoredFact[]> {
  const sql = `
    SELECT f.*, w.warn_at AS warn_at, w.warned AS warned, w.fact_id != '' AS has_mark
    FROM (SELECT * FROM sla_facts FINAL WHERE done_at IS NULL AND status = 'open') AS f
    LEFT JOIN (SELECT fact_id, warn_at, warned FROM sla_warnings FINAL) AS w ON w.fact_id = f.fact_id
    WHERE f.deadline_at <= {now:DateTime64(3, 'UTC')} OR (w.fact_id != '' AND w.warned = 0 AND w.warn_at <= {now:DateTime64(3, 'UTC')})
    ORDER BY f.deadline_at, f.fact_id`;
  const rows = await store.query<FactRow>(sql, { now: toChTime(now) });
  return rows.map(fromRow);
}

/** Every fact of an incident, newest version of each. */
export async function factsOfIncident(store: Store, incidentId: string): Promise<SlaFact[]> {
  const rows = await store.query<FactRow>('SELECT * FROM sla_facts FINAL WHERE incident_id = {incidentId:String} ORDER BY started_at, fact_id', { incidentId });
  return rows.map(fromRow);
}
