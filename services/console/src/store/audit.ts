// The audit log: who did what, when, to which incident. Written for every action, correction, login and export.
import type { Store } from '@cur/shared/store/clickhouse';
import { uuidFrom } from '../core/event-id';
import { chToIso, toChTime } from './ch-time';

export interface AuditEntry {
  at: Date;
  userId: string;
  role: string;
  action: string;
  incidentId?: string | undefined;
  eventId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
  client?: string | undefined;
}

export async function writeAudit(store: Store, entry: AuditEntry): Promise<void> {
  const detail = JSON.stringify(entry.detail ?? {});
  const at = toChTime(entry.at);
  await store.insert('console_audit', [{
    // An action retried with the same event id is one audit line.
    audit_id: entry.eventId ? uuidFrom('audit', entry.eventId) : uuidFrom('audit', at, entry.userId, entry.action, entry.incidentId ?? '', detail),
    at,
    user_id: entry.userId,
    role: entry.role,
    action: entry.action,
    incident_id: entry.incidentId ?? '',
    event_id: entry.eventId ?? '',
    detail,
    client: entry.client ?? '',
  }]);
}

export interface AuditRow {
  at: string;
  userId: string;
  role: string;
  action: string;
  incidentId: string;
  eventId: string;
  detail: string;
}

export async function readAudit(store: Store, filter: { incidentId?: string | undefined; userId?: string | undefined; limit: number }): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: filter.limit };
  if (filter.incidentId) { where.push('incident_id = {incidentId:String}'); params.incidentId = filter.incidentId; }
  if (filter.userId) { where.push('user_id = {userId:String}'); params.userId = filter.userId; }
  const rows = await store.query<{ at: string; user_id: string; role: string; action: string; incident_id: string; event_id: string; detail: string }>(
    `SELECT at, user_id, role, action, incident_id, event_id, detail FROM console_audit FINAL
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC LIMIT {limit:UInt32}`,
    params,
  );
  return rows.map((r) => ({ at: chToIso(r.at) ?? '', userId: r.user_id, role: r.role, action: r.action, incidentId: r.incident_id, eventId: r.event_id, detail: r.detail }));
}
