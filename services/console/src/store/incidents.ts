// Reads of the incident queue and one incident's page: incidents, their events, stage clocks and corrections.
import type { Store } from '@cur/shared/store/clickhouse';
import { chToIso, toChTime } from './ch-time';

export interface QueueFilter {
  status?: string | undefined;
  state: 'open' | 'closed' | 'all';
  authority?: string | undefined;
  importance?: string | undefined;
  topic?: string | undefined;
  location?: string | undefined;
  source?: string | undefined;
  isOverdue?: boolean | undefined;
  isRepeat?: boolean | undefined;
  text?: string | undefined;
  /** Executors: only incidents of this body (responsible or co-executor). */
  visibleTo?: string | undefined;
  limit: number;
  offset: number;
}

export interface QueueItem {
  incidentId: string;
  postUid: string;
  region: string;
  topic: string;
  location: string;
  importance: string;
  authority: string;
  coExecutors: string[];
  status: string;
  repeatOfIncidentId: string | null;
  detectedAt: string;
  updatedAt: string;
  url: string;
  text: string;
  source: string;
  authorId: string;
  nextDeadlineAt: string | null;
  nextStage: string | null;
  overdueStages: number;
}

interface QueueRow {
  incident_id: string; post_uid: string; region: string; topic: string; location: string; importance: string;
  authority: string; co_executors: string[]; status: string; repeat_of_incident_id: string; detected_at: string;
  updated_at: string; url: string; text: string; source: string; author_id: string; evidence: string;
  next_deadline: string | null; next_stage: string | null; overdue_stages: number | null;
}

// The base of every incident read: the newest incident version, corrected topic/location, the nearest open clock.
const incidentsWithClocks = `
  SELECT i.incident_id AS incident_id, i.post_uid AS post_uid, i.region AS region, i.topic AS topic, i.location AS location, i.importance AS importance, i.authority AS authority, i.co_executors AS co_executors, i.status AS status, i.repeat_of_incident_id AS repeat_of_incident_id, i.detected_at AS detected_at, i.created_at AS created_at, i.updated_at AS updated_at, i.url AS url, i.text AS text, i.source AS source, i.author_id AS author_id, i.evidence AS evidence,
    dl.next_deadline AS next_deadline, dl.next_stage AS next_stage, dl.overdue_stages AS overdue_stages,
    if(c.c_topic != '', c.c_topic, i.topic) AS eff_topic,
    if(c.c_location != '', c.c_location, i.location) AS eff_location
  FROM (SELECT * FROM incidents FINAL) AS i
  LEFT JOIN (
    SELECT incident_id, min(deadline_at) AS next_deadline, argMin(stage, deadline_at) AS next_stage,
      toUInt32(countIf(deadline_at < {now:DateTime64(3,'UTC')})) AS overdue_stages
    FROM sla_facts FINAL WHERE done_at IS NULL GROUP BY incident_id
  ) AS dl ON dl.incident_id = i.incident_id
  LEFT JOIN (
    SELECT incident_id,
      argMaxIf(new_value, at, field = 'topic') AS c_topic,
      argMaxIf(new_value, at, field = 'location') AS c_location
    FROM console_corrections FINAL GROUP BY incident_id
  ) AS c ON c.incident_id = i.incident_id`;

function toItem(r: QueueRow & { eff_topic?: string; eff_location?: string }): QueueItem {
  return {
    incidentId: r.incident_id,
    postUid: r.post_uid,
    region: r.region,
    topic: r.eff_topic || r.topic,
    location: r.eff_location || r.location,
    importance: r.importance,
    authority: r.authority,
    coExecutors: r.co_executors,
    status: r.status,
    repeatOfIncidentId: r.repeat_of_incident_id || null,
    detectedAt: chToIso(r.detected_at) ?? '',
    updatedAt: chToIso(r.updated_at) ?? '',
    url: r.url,
    text: r.text,
    source: r.source,
    authorId: r.author_id,
    nextDeadlineAt: chToIso(r.next_deadline),
    nextStage: r.next_stage || null,
    overdueStages: Number(r.overdue_stages ?? 0),
  };
}

function whereOf(filter: QueueFilter): { sql: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (filter.state === 'open') where.push("status NOT IN ('closed')");
  if (filter.state === 'closed') where.push("status IN ('closed')");
  const eq = (name: string, column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = {${name}:String}`);
    params[name] = value;
  };
  eq('status', 'status', filter.status);
  eq('authority', 'authority', filter.authority);
  eq('importance', 'importance', filter.importance);
  eq('topic', 'eff_topic', filter.topic);
  eq('location', 'eff_location', filter.location);
  eq('source', 'source', filter.source);
  if (filter.isOverdue === true) where.push('overdue_stages > 0');
  if (filter.isOverdue === false) where.push('(overdue_stages IS NULL OR overdue_stages = 0)');
  if (filter.isRepeat === true) where.push("repeat_of_incident_id != ''");
  if (filter.isRepeat === false) where.push("repeat_of_incident_id = ''");
  if (filter.text) {
    where.push('positionCaseInsensitiveUTF8(text, {text:String}) > 0');
    params.text = filter.text;
  }
  if (filter.visibleTo) {
    where.push('(authority = {visibleTo:String} OR has(co_executors, {visibleTo:String}))');
    params.visibleTo = filter.visibleTo;
  }
  return { sql: where.length > 0 ? `WHERE ${where.join(' AND ')}` : '', params };
}

/** The queue: critical first, then the nearest open deadline, then the oldest detection. */
export async function listIncidents(store: Store, filter: QueueFilter, now: Date): Promise<{ total: number; items: QueueItem[] }> {
  const { sql: where, params } = whereOf(filter);
  const all = { ...params, now: toChTime(now), limit: filter.limit, offset: filter.offset };
  const rows = await store.query<QueueRow>(
    `SELECT * FROM (${incidentsWithClocks}) ${where}
     ORDER BY importance = 'critical' DESC, next_deadline IS NULL, next_deadline, detected_at, incident_id
     LIMIT {limit:UInt32} OFFSET {offset:UInt32}
     SETTINGS join_use_nulls = 1`,
    all,
  );
  const [count] = await store.query<{ n: number }>(
    `SELECT count() AS n FROM (${incidentsWithClocks}) ${where} SETTINGS join_use_nulls = 1`,
    all,
  );
  return { total: Number(count?.n ?? 0), items: rows.map(toItem) };
}

export interface IncidentEventRow {
  eventId: string;
  type: string;
  at: string;
  actor: string;
  authority: string | null;
  coExecutors: string[];
  importance: string | null;
  reason: string | null;
  text: string | null;
}

export interface StageClock {
  factId: string;
  stage: string;
  authority: string;
  startedAt: string;
  deadlineAt: string;
  doneAt: string | null;
  status: string;
  overdueWorkingMinutes: number;
}

export interface CorrectionRow {
  field: string;
  oldValue: string;
  newValue: string;
  comment: string;
  userId: string;
  at: string;
}

export interface PostRow {
  uid: string;
  url: string;
  authorId: string;
  authorName: string | null;
  publishedAt: string | null;
  platform: string;
  kind: string;
  likes: number;
  reposts: number;
  comments: number;
  views: number;
  abuse: string;
  needsResponse: boolean;
}

export interface IncidentPage {
  incident: QueueItem & { evidence: unknown[] };
  post: PostRow | null;
  events: IncidentEventRow[];
  clocks: StageClock[];
  corrections: CorrectionRow[];
}

export async function readIncident(store: Store, incidentId: string, now: Date): Promise<IncidentPage | null> {
  const [row] = await store.query<QueueRow>(
    `SELECT * FROM (${incidentsWithClocks}) WHERE incident_id = {id:String} SETTINGS join_use_nulls = 1`,
    { id: incidentId, now: toChTime(now) },
  );
  if (!row) return null;
  let evidence: unknown[] = [];
  try {
    const parsed = JSON.parse(row.evidence) as unknown;
    if (Array.isArray(parsed)) evidence = parsed;
  } catch { /* evidence stays empty: the row was written without it */ }
  const events = await readEvents(store, incidentId);
  const clocks = await store.query<{
    fact_id: string; stage: string; authority: string; started_at: string; deadline_at: string; done_at: string | null;
    status: string; overdue_working_minutes: number;
  }>(
    'SELECT fact_id, stage, authority, started_at, deadline_at, done_at, status, overdue_working_minutes FROM sla_facts FINAL WHERE incident_id = {id:String} ORDER BY started_at, deadline_at',
    { id: incidentId },
  );
  const corrections = await store.query<{ field: string; old_value: string; new_value: string; comment: string; user_id: string; at: string }>(
    'SELECT field, old_value, new_value, comment, user_id, at FROM console_corrections FINAL WHERE incident_id = {id:String} ORDER BY at',
    { id: incidentId },
  );
  const [post] = await store.query<{
    uid: string; url: string; author_id: string; author_name: string; published_at: string; platform: string; kind: string;
    likes: number; reposts: number; comments: number; views: number; abuse: string; needs_response: number;
  }>(
    `SELECT uid, url, author_id, author_name, published_at, platform, kind, likes, reposts, comments, views, abuse, needs_response
     FROM posts FINAL WHERE uid = {uid:String} LIMIT 1`,
    { uid: row.post_uid },
  );
  return {
    incident: { ...toItem(row), evidence },
    post: post
      ? {
        uid: post.uid, url: post.url, authorId: post.author_id, authorName: post.author_name || null,
        publishedAt: chToIso(post.published_at), platform: post.platform, kind: post.kind, likes: Number(post.likes),
        reposts: Number(post.reposts), comments: Number(post.comments), views: Number(post.views), abuse: post.abuse,
        needsResponse: Number(post.needs_response) === 1,
      }
      : null,
    events,
    clocks: clocks.map((c) => ({
      factId: c.fact_id, stage: c.stage, authority: c.authority, startedAt: chToIso(c.started_at) ?? '',
      deadlineAt: chToIso(c.deadline_at) ?? '', doneAt: chToIso(c.done_at), status: c.status,
      overdueWorkingMinutes: Number(c.overdue_working_minutes),
    })),
    corrections: corrections.map((c) => ({
      field: c.field, oldValue: c.old_value, newValue: c.new_value, comment: c.comment, userId: c.user_id, at: chToIso(c.at) ?? '',
    })),
  };
}

/** The incident's timeline, oldest first. */
export async function readEvents(store: Store, incidentId: string): Promise<IncidentEventRow[]> {
  const rows = await store.query<{
    event_id: string; type: string; at: string; actor: string; authority: string; co_executors: string[];
    importance: string; reason: string; text: string;
  }>(
    'SELECT event_id, type, at, actor, authority, co_executors, importance, reason, text FROM incident_events FINAL WHERE incident_id = {id:String} ORDER BY at, event_id',
    { id: incidentId },
  );
  return rows.map((e) => ({
    eventId: e.event_id, type: e.type, at: chToIso(e.at) ?? '', actor: e.actor, authority: e.authority || null,
    coExecutors: e.co_executors, importance: e.importance || null, reason: e.reason || null, text: e.text || null,
  }));
}
