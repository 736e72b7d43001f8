// Curator corrections of topic, location, importance and authority: the feedback the classifier learns from.
import type { Store } from '@cur/shared/store/clickhouse';
import { chToIso, toChTime } from './ch-time';

export interface Correction {
  correctionId: string;
  incidentId: string;
  postUid: string;
  field: 'topic' | 'location' | 'importance' | 'authority';
  oldValue: string;
  newValue: string;
  comment: string;
  userId: string;
  at: Date;
  text: string;
}

export async function writeCorrections(store: Store, corrections: readonly Correction[]): Promise<void> {
  await store.insert('console_corrections', corrections.map((c) => ({
    correction_id: c.correctionId,
    incident_id: c.incidentId,
    post_uid: c.postUid,
    field: c.field,
    old_value: c.oldValue,
    new_value: c.newValue,
    comment: c.comment,
    user_id: c.userId,
    at: toChTime(c.at),
    text: c.text,
  })));
}

/**
 * A topic or place correction also changes the post's row, so the volume analytics count the post where the curator
 * put it: a copy of its newest version with the corrected labels. ReplacingMergeTree keeps the last inserted of
 * equal versions, and `inserted_at` is stamped anew, so the rollup recomputes the post's day. A later version of the
 * post (edited on the platform) is classified afresh and replaces the copy; the correction stays in
 * console_corrections and on the incident.
 */
export async function relabelPost(
  store: Store, post: { uid: string; region: string; publishedAt: string | null }, labels: { topic?: string | undefined; location?: string | undefined },
): Promise<void> {
  const replace = [
    labels.topic !== undefined ? '{topic:String} AS topic' : null,
    labels.location !== undefined ? '{location:String} AS location' : null,
  ].filter((r): r is string => r !== null);
  if (replace.length === 0) return;
  // The table is ordered by (region, day, uid): with the day known, the copy reads one granule, not the table.
  const narrow = post.publishedAt ? " AND region = {region:String} AND toDate(published_at) = toDate({publishedAt:DateTime64(3, 'UTC')})" : '';
  await store.command(
    `INSERT INTO posts SELECT * REPLACE (${replace.join(', ')}) FROM posts FINAL WHERE uid = {uid:String}${narrow}`,
    { uid: post.uid, region: post.region, ...(post.publishedAt ? { publishedAt: toChTime(post.publishedAt) } : {}), ...labels },
  );
}

export interface CorrectionExport {
  postUid: string;
  field: string;
  oldValue: string;
  newValue: string;
  at: string;
  text: string;
}

/** The latest correction of each post and field: a training set for the classifier. */
export async function exportCorrections(store: Store, since: Date): Promise<CorrectionExport[]> {
  const rows = await store.query<{ post_uid: string; field: string; old_value: string; new_value: string; last_at: string; text: string }>(
    `SELECT post_uid, field, argMin(old_value, at) AS old_value, argMax(new_value, at) AS new_value, max(at) AS last_at, any(text) AS text
     FROM console_corrections FINAL WHERE at >= {since:DateTime64(3,'UTC')}
     GROUP BY post_uid, field ORDER BY last_at`,
    { since: toChTime(since) },
  );
  return rows.map((r) => ({ postUid: r.post_uid, field: r.field, oldValue: r.old_value, newValue: r.new_value, at: chToIso(r.last_at) ?? '', text: r.text }));
}
