// sla_facts and their warning marks in ClickHouse: one row version per change of a stage clock.
import { SlaFact, type RegionCode } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';
import { isRunning, lastByKey, plainFact, storedFact, type StoredFact, type WarningMark } from '../core/watch-step';

/** ClickHouse prints DateTime64(3, 'UTC') as "2026-11-24 07:00:00.000". */
export const fromChTime = (value: string): Date => new Date(`${value.replace(' ', 'T')}Z`);
/** A query parameter of type DateTime64(3, 'UTC'). */
export const toChTime = (at: Date): string => at.toISOString().replace('T', ' ').replace('Z', '');

interface FactRow {
  fact_id: string; incident_id: string; region: string; authority: string; stage: string; importance: string;
  started_at: string; deadline_at: string; done_at: string | null; status: string; overdue_working_minutes: number;
  recorded_at: string;
  /** the warning instant of a running clock (null: none, e.g. a window, or the clock is done) */
  warn_at: string | null;
  warned: number;
}

export type { StoredFact } from '../core/watch-step';

function fromRow(row: FactRow): StoredFact {
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
  return storedFact(fact, row.warn_at ? fromChTime(row.warn_at) : null, Number(row.warned) === 1);
}

/**
 * The rows of one write: the newest version of each fact, with the warning state of its clock. That state is the
 * mark written with the fact in this batch, else what the watcher knows of the running clock (`known`). A mark
 * without a new fact version (a warning sent) becomes a version of the known fact, recorded at the mark's instant.
 */
export function factRows(facts: readonly SlaFact[], marks: readonly WarningMark[], known: ReadonlyMap<string, StoredFact>): FactRow[] {
  const markOf = new Map(marks.map((m) => [m.factId, m]));
  const versions: SlaFact[] = lastByKey(facts, (f) => f.factId);
  const versioned = new Set(versions.map((f) => f.factId));
  for (const mark of markOf.values()) {
    const base = versioned.has(mark.factId) ? undefined : known.get(mark.factId);
    if (base) versions.push(storedFact(base, undefined, undefined, mark.recordedAt.toISOString()));
  }
  return versions.map((version) => {
    const fact = SlaFact.parse(plainFact(version));
    const warning = isRunning(fact) ? markOf.get(fact.factId) ?? known.get(fact.factId) : undefined;
    const warnAt = warning?.warnAt ?? null;
    const warned = warning?.isWarned ?? false;
    return {
      fact_id: fact.factId, incident_id: fact.incidentId, region: fact.region, authority: fact.authority, stage: fact.stage,
      importance: fact.importance, started_at: fact.startedAt, deadline_at: fact.deadlineAt, done_at: fact.doneAt,
      status: fact.status, overdue_working_minutes: fact.overdueWorkingMinutes, recorded_at: fact.recordedAt,
      warn_at: warnAt ? warnAt.toISOString() : null, warned: warned ? 1 : 0,
    };
  });
}

/** Writes fact versions and warning marks as sla_facts rows, one per fact (factRows). */
export async function writeFacts(
  store: Store, facts: readonly SlaFact[], marks: readonly WarningMark[] = [], known: ReadonlyMap<string, StoredFact> = new Map(),
): Promise<void> {
  const rows = factRows(facts, marks, known);
  if (rows.length > 0) await store.insert('sla_facts', rows);
}

const running = `SELECT * FROM sla_facts FINAL WHERE done_at IS NULL AND status != 'met' AND %WHERE% ORDER BY deadline_at, fact_id`;

/** Clocks still running (open, or breached and not done yet) of one incident. */
export async function openFactsOfIncident(store: Store, incidentId: string): Promise<StoredFact[]> {
  const rows = await store.query<FactRow>(running.replace('%WHERE%', 'incident_id = {incidentId:String}'), { incidentId });
  return rows.map(fromRow);
}

/** Clocks still running of several incidents, in one query: incident id → its clocks (absent: none). */
export async function openFactsOfIncidents(store: Store, incidentIds: readonly string[]): Promise<Map<string, StoredFact[]>> {
  const out = new Map<string, StoredFact[]>();
  if (incidentIds.length === 0) return out;
  const sql = running.replace('%WHERE%', 'incident_id IN {incidentIds:Array(String)}');
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
  const rows = await store.query<FactRow>(running.replace('%WHERE%', 'region = {region:String}'), { region });
  return rows.map(fromRow);
}

/** Open (not yet breached) clocks whose deadline or warning instant has come. */
export async function dueFacts(store: Store, now: Date): Promise<StoredFact[]> {
  const sql = `
    SELECT * FROM sla_facts FINAL
    WHERE done_at IS NULL AND status = 'open'
      AND (deadline_at <= {now:DateTime64(3, 'UTC')} OR (warned = 0 AND warn_at <= {now:DateTime64(3, 'UTC')}))
    ORDER BY deadline_at, fact_id`;
  const rows = await store.query<FactRow>(sql, { now: toChTime(now) });
  return rows.map(fromRow);
}

/** Every fact of an incident, newest version of each. */
export async function factsOfIncident(store: Store, incidentId: string): Promise<SlaFact[]> {
  const rows = await store.query<FactRow>('SELECT * FROM sla_facts FINAL WHERE incident_id = {incidentId:String} ORDER BY started_at, fact_id', { incidentId });
  return rows.map(fromRow);
}
