// The incidents table as the router sees it: look an incident up, write the row of a routed one.
import { AuthorityCode, Evidence, type Incident } from '@cur/shared/contracts/index';
import { z } from 'zod';
import type { Store } from '@cur/shared/store/clickhouse';

export interface StoredIncident {
  incidentId: string;
  authority: AuthorityCode;
  coExecutors: AuthorityCode[];
  status: string;
  createdAt: Date;
  version: number;
  repeatOfIncidentId: string | null;
  evidence: Evidence[];
  /** false for the placeholder row another service writes when its events arrive before the router's row */
  isWrittenByRouter: boolean;
}

interface Row {
  incident_id: string;
  authority: string;
  co_executors: string[];
  status: string;
  topic: string;
  created_at: string;
  version: number | string;
  repeat_of_incident_id: string;
  evidence: string;
}

const EvidenceList = z.array(Evidence);

function parseEvidence(text: string): Evidence[] {
  try {
    const parsed = EvidenceList.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

/** chDB and ClickHouse return DateTime64 as "YYYY-MM-DD hh:mm:ss.sss" in UTC. */
const fromChTime = (value: string): Date => new Date(`${value.replace(' ', 'T')}Z`);

const asAuthority = (value: string): AuthorityCode | null => {
  const parsed = AuthorityCode.safeParse(value);
  return parsed.success ? parsed.data : null;
};

const selectColumns = 'SELECT incident_id, authority, co_executors, status, topic, toString(created_at) AS created_at, version, repeat_of_incident_id, evidence FROM incidents FINAL';

function fromRow(row: Row): StoredIncident {
  return {
    incidentId: row.incident_id,
    authority: asAuthority(row.authority) ?? 'none',
    coExecutors: row.co_executors.map(asAuthority).filter((a): a is AuthorityCode => a !== null),
    status: row.status,
    createdAt: fromChTime(row.created_at),
    version: Number(row.version),
    repeatOfIncidentId: row.repeat_of_incident_id === '' ? null : row.repeat_of_incident_id,
    evidence: parseEvidence(row.evidence),
    isWrittenByRouter: row.topic !== '',
  };
}

export async function findIncident(store: Store, incidentId: string): Promise<StoredIncident | null> {
  const rows = await store.query<Row>(`${selectColumns} WHERE incident_id = {incidentId:String} LIMIT 1`, { incidentId });
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * Several incidents: incident id → its current row (absent: none). Most ids asked for are of new posts, so a key
 * lookup (no FINAL, the key column only) first tells which exist, and only those are read in full: a FINAL read of
 * every asked-for id would read all columns of each id's granule, in every part.
 */
export async function findIncidents(store: Store, incidentIds: readonly string[]): Promise<Map<string, StoredIncident>> {
  const out = new Map<string, StoredIncident>();
  if (incidentIds.length === 0) return out;
  const existing = await store.query<{ incident_id: string }>(
    'SELECT DISTINCT incident_id FROM incidents WHERE incident_id IN {incidentIds:Array(String)}', { incidentIds: [...new Set(incidentIds)] },
  );
  if (existing.length === 0) return out;
  const rows = await store.query<Row>(`${selectColumns} WHERE incident_id IN {incidentIds:Array(String)}`, { incidentIds: existing.map((r) => r.incident_id) });
  for (const row of rows) out.set(row.incident_id, fromRow(row));
  return out;
}

/** The row the router writes for a routed incident. */
export function incidentRow(incident: Incident, status: string, version: number): Record<string, unknown> {
  return {
    incident_id: incident.incidentId,
    post_uid: incident.postUid,
    region: incident.region,
    topic: incident.topic,
    location: incident.location,
    importance: incident.importance,
    authority: incident.authority,
    co_executors: incident.coExecutors,
    status,
    repeat_of_incident_id: incident.repeatOfIncidentId ?? '',
    detected_at: incident.detectedAt,
    created_at: incident.createdAt,
    updated_at: incident.createdAt,
    url: incident.url,
    text: incident.text,
    source: incident.source,
    author_id: incident.authorId,
    evidence: JSON.stringify(incident.evidence),
    version,
  };
}

/** Many rows in one insert. */
export async function writeIncidents(store: Store, rows: readonly { incident: Incident; status: string; version: number }[]): Promise<void> {
  await store.insert('incidents', rows.map((r) => incidentRow(r.incident, r.status, r.version)));
}

export async function writeIncident(store: Store, incident: Incident, status: string, version: number): Promise<void> {
  await writeIncidents(store, [{ incident, status, version }]);
}
