// SLA reports from sla_facts and incident_events: compliance per body and month, breaches by stage,
// the monthly summary (regulations step 11) and the Kuzbass registry of answered posts.
import type { Store } from '@cur/shared/store/clickhouse';
import { chToIso, toChTime } from './ch-time';

export interface MonthRange {
  from: Date;
  to: Date;
}

/** 'YYYY-MM' in a fixed-offset zone -> [first instant, first instant of the next month). */
export function monthRange(month: string, utcOffsetMin: number): MonthRange {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1) - utcOffsetMin * 60_000);
  const to = new Date(Date.UTC(y, m, 1) - utcOffsetMin * 60_000);
  return { from, to };
}

export interface ComplianceRow {
  authority: string;
  total: number;
  met: number;
  breached: number;
  open: number;
  overdueOpen: number;
  compliancePct: number | null;
  avgOverdueMin: number;
}

export async function compliance(store: Store, range: MonthRange, now: Date, authority?: string): Promise<ComplianceRow[]> {
  const rows = await store.query<{ authority: string; total: number; met: number; breached: number; open: number; overdue_open: number; avg_overdue: number }>(
    `SELECT authority, count() AS total, countIf(status = 'met') AS met, countIf(status = 'breached') AS breached,
       countIf(done_at IS NULL) AS open, countIf(done_at IS NULL AND deadline_at < {now:DateTime64(3,'UTC')}) AS overdue_open,
       avgIf(overdue_working_minutes, status = 'breached') AS avg_overdue
     FROM sla_facts FINAL
     WHERE started_at >= {from:DateTime64(3,'UTC')} AND started_at < {to:DateTime64(3,'UTC')}
       ${authority ? 'AND authority = {authority:String}' : ''}
     GROUP BY authority ORDER BY authority`,
    { from: toChTime(range.from), to: toChTime(range.to), now: toChTime(now), authority: authority ?? '' },
  );
  return rows.map((r) => {
    const met = Number(r.met);
    const breached = Number(r.breached);
    return {
      authority: r.authority, total: Number(r.total), met, breached, open: Number(r.open), overdueOpen: Number(r.overdue_open),
      compliancePct: met + breached > 0 ? Math.round((1000 * met) / (met + breached)) / 10 : null,
      avgOverdueMin: Number.isFinite(Number(r.avg_overdue)) ? Math.round(Number(r.avg_overdue)) : 0,
    };
  });
}

export interface StageBreachRow {
  stage: string;
  authority: string;
  breached: number;
  total: number;
  avgOverdueMin: number;
}

export async function breachesByStage(store: Store, range: MonthRange, authority?: string): Promise<StageBreachRow[]> {
  const rows = await store.query<{ stage: string; authority: string; breached: number; total: number; avg_overdue: number }>(
    `SELECT stage, authority, countIf(status = 'breached') AS breached, count() AS total,
       avgIf(overdue_working_minutes, status = 'breached') AS avg_overdue
     FROM sla_facts FINAL
     WHERE started_at >= {from:DateTime64(3,'UTC')} AND started_at < {to:DateTime64(3,'UTC')}
       ${authority ? 'AND authority = {authority:String}' : ''}
     GROUP BY stage, authority ORDER BY breached DESC, stage, authority`,
    { from: toChTime(range.from), to: toChTime(range.to), authority: authority ?? '' },
  );
  return rows.map((r) => ({
    stage: r.stage, authority: r.authority, breached: Number(r.breached), total: Number(r.total),
    avgOverdueMin: Number.isFinite(Number(r.avg_overdue)) ? Math.round(Number(r.avg_overdue)) : 0,
  }));
}

export interface MonthlySummaryRow {
  authority: string;
  incidents: number;
  incidentsPrevMonth: number;
  answered: number;
  answerMet: number;
  answerBreached: number;
  timelinessPct: number | null;
  reworks: number;
  returns: number;
  critical: number;
}

/** Per body: how many posts it got, answered, on time, how often drafts were sent back (quality), and the change from last month. */
export async function monthlySummary(store: Store, range: MonthRange, prev: MonthRange, authority?: string): Promise<MonthlySummaryRow[]> {
  const params = {
    from: toChTime(range.from), to: toChTime(range.to), pfrom: toChTime(prev.from), pto: toChTime(prev.to), authority: authority ?? '',
  };
  const byAuthority = authority ? 'AND authority = {authority:String}' : '';
  const incidents = await store.query<{ authority: string; n: number; prev: number; critical: number }>(
    `SELECT authority,
       countIf(detected_at >= {from:DateTime64(3,'UTC')} AND detected_at < {to:DateTime64(3,'UTC')}) AS n,
       countIf(detected_at >= {pfrom:DateTime64(3,'UTC')} AND detected_at < {pto:DateTime64(3,'UTC')}) AS prev,
       countIf(importance = 'critical' AND detected_at >= {from:DateTime64(3,'UTC')} AND detected_at < {to:DateTime64(3,'UTC')}) AS critical
     FROM incidents FINAL WHERE detected_at >= {pfrom:DateTime64(3,'UTC')} AND detected_at < {to:DateTime64(3,'UTC')} ${byAuthority}
     GROUP BY authority`,
    params,
  );
  const events = await store.query<{ authority: string; answered: number; reworks: number; returns: number }>(
    `SELECT i.authority AS authority,
       uniqExactIf(e.incident_id, e.type IN ('published', 'final_published')) AS answered,
       countIf(e.type = 'rework_requested') AS reworks, countIf(e.type = 'returned') AS returns
     FROM (SELECT * FROM incident_events FINAL WHERE at >= {from:DateTime64(3,'UTC')} AND at < {to:DateTime64(3,'UTC')}) AS e
     INNER JOIN (SELECT incident_id, authority FROM incidents FINAL) AS i ON i.incident_id = e.incident_id
     ${authority ? 'WHERE i.authority = {authority:String}' : ''}
     GROUP BY authority`,
    params,
  );
  const answers = await store.query<{ authority: string; met: number; breached: number }>(
    `SELECT authority, countIf(status = 'met') AS met, countIf(status = 'breached') AS breached FROM sla_facts FINAL
     WHERE stage IN ('answer', 'final') AND started_at >= {from:DateTime64(3,'UTC')} AND started_at < {to:DateTime64(3,'UTC')} ${byAuthority}
     GROUP BY authority`,
    params,
  );
  const keys = new Set([...incidents, ...events, ...answers].map((r) => r.authority));
  return [...keys].sort().map((a) => {
    const i = incidents.find((r) => r.authority === a);
    const e = events.find((r) => r.authority === a);
    const s = answers.find((r) => r.authority === a);
    const met = Number(s?.met ?? 0);
    const breached = Number(s?.breached ?? 0);
    return {
      authority: a, incidents: Number(i?.n ?? 0), incidentsPrevMonth: Number(i?.prev ?? 0), answered: Number(e?.answered ?? 0),
      answerMet: met, answerBreached: breached, timelinessPct: met + breached > 0 ? Math.round((1000 * met) / (met + breached)) / 10 : null,
      reworks: Number(e?.reworks ?? 0), returns: Number(e?.returns ?? 0), critical: Number(i?.critical ?? 0),
    };
  });
}

export interface RegistryRow {
  incidentId: string;
  detectedAt: string;
  answeredAt: string;
  answerType: string;
  source: string;
  url: string;
  authorId: string;
  topic: string;
  location: string;
  importance: string;
  authority: string;
  answerText: string;
  answerDeadlineAt: string | null;
  isOnTime: boolean | null;
}

/** Kuzbass п. 27: the registry of answered posts in a period. */
export async function answeredRegistry(store: Store, from: Date, to: Date, limit: number, authority?: string): Promise<RegistryRow[]> {
  const rows = await store.query<{
    incident_id: string; detected_at: string; answered_at: string; answer_type: string; source: string; url: string; author_id: string;
    topic: string; location: string; importance: string; authority: string; answer_text: string; answer_deadline: string | null; answer_status: string | null;
  }>(
    `SELECT i.incident_id AS incident_id, i.detected_at AS detected_at, e.answered_at AS answered_at, e.answer_type AS answer_type,
       i.source AS source, i.url AS url, i.author_id AS author_id, i.topic AS topic, i.location AS location, i.importance AS importance,
       i.authority AS authority, t.answer_text AS answer_text, f.deadline AS answer_deadline, f.status AS answer_status
     FROM (
       SELECT incident_id, max(at) AS answered_at, argMax(type, at) AS answer_type FROM incident_events FINAL
       WHERE type IN ('published', 'final_published') GROUP BY incident_id
       HAVING answered_at >= {from:DateTime64(3,'UTC')} AND answered_at < {to:DateTime64(3,'UTC')}
     ) AS e
     INNER JOIN (SELECT * FROM incidents FINAL) AS i ON i.incident_id = e.incident_id
     LEFT JOIN (
       SELECT incident_id, argMaxIf(text, at, type IN ('draft_submitted', 'interim_submitted', 'clarification_requested', 'published', 'final_published') AND text != '') AS answer_text
       FROM incident_events FINAL GROUP BY incident_id
     ) AS t ON t.incident_id = e.incident_id
     LEFT JOIN (
       SELECT incident_id, argMax(deadline_at, started_at) AS deadline, argMax(status, started_at) AS status FROM sla_facts FINAL
       WHERE stage IN ('answer', 'final') GROUP BY incident_id
     ) AS f ON f.incident_id = e.incident_id
     ${authority ? 'WHERE i.authority = {authority:String}' : ''}
     ORDER BY answered_at LIMIT {limit:UInt32}
     SETTINGS join_use_nulls = 1`,
    { from: toChTime(from), to: toChTime(to), limit, authority: authority ?? '' },
  );
  return rows.map((r) => ({
    incidentId: r.incident_id, detectedAt: chToIso(r.detected_at) ?? '', answeredAt: chToIso(r.answered_at) ?? '',
    answerType: r.answer_type, source: r.source, url: r.url, authorId: r.author_id, topic: r.topic, location: r.location,
    importance: r.importance, authority: r.authority, answerText: r.answer_text ?? '', answerDeadlineAt: chToIso(r.answer_deadline),
    isOnTime: r.answer_status === 'met' ? true : r.answer_status === 'breached' ? false : null,
  }));
}
