// The posts table (shared/src/store/migrations/001-core.sql): one row per classified or rejected post version.
import type { Classification, RawPost, RejectReason } from '@cur/shared/contracts/index';
import type { Store } from '@cur/shared/store/clickhouse';

export interface PostRow {
  uid: string; version: number; platform: string; source: string; source_id: string; region: string; kind: string;
  parent_uid: string; url: string; author_id: string; author_name: string; published_at: string; collected_at: string;
  text: string; likes: number; reposts: number; comments: number; views: number;
  status: 'classified' | 'rejected'; reject_reason: string; topic: string; location: string; importance: string;
  abuse: string; is_spam: number; needs_response: number; repeat_of: string; authorities: string[]; evidence: string;
  classified_at: string;
}

export function postRow(post: RawPost, c: Classification, reject: RejectReason | null, classifiedAt: Date): PostRow {
  return {
    uid: post.uid,
    version: post.version,
    platform: post.platform,
    source: post.source,
    source_id: post.sourceId,
    region: post.region,
    kind: post.kind,
    parent_uid: post.parentUid ?? '',
    url: post.url,
    author_id: post.authorId,
    author_name: post.authorName ?? '',
    published_at: post.publishedAt,
    collected_at: post.collectedAt,
    text: post.text,
    likes: post.engagement.likes,
    reposts: post.engagement.reposts,
    comments: post.engagement.comments,
    views: post.engagement.views,
    status: reject ? 'rejected' : 'classified',
    reject_reason: reject ?? '',
    topic: c.topic,
    location: c.location,
    importance: c.importance,
    abuse: c.abuse,
    is_spam: c.isSpam ? 1 : 0,
    needs_response: c.needsResponse ? 1 : 0,
    repeat_of: c.repeatOf ?? '',
    authorities: c.authorities,
    evidence: JSON.stringify(c.evidence),
    classified_at: classifiedAt.toISOString(),
  };
}

export async function insertPost(store: Store, row: PostRow): Promise<void> {
  await insertPosts(store, [row]);
}

/** Many rows in one insert. */
export async function insertPosts(store: Store, rows: readonly PostRow[]): Promise<void> {
  await store.insert('posts', rows);
}

export interface RecentPostRow {
  uid: string;
  author_id: string;
  published_at_ms: number;
  topic: string;
  text: string;
}

/**
 * Posts of the last days for the repeat history (latest version of each uid): the newest `limit` of them (the
 * likeliest to be repeated), oldest first.
 */
export async function recentPosts(store: Store, since: Date, limit: number): Promise<RecentPostRow[]> {
  const rows = await store.query<{ uid: string; author: string; published_ms: number | string; last_topic: string; last_text: string }>(
    `SELECT * FROM (
       SELECT uid, argMax(author_id, version) AS author, toUnixTimestamp64Milli(argMax(published_at, version)) AS published_ms,
              argMax(topic, version) AS last_topic, argMax(text, version) AS last_text
         FROM posts
        WHERE published_at >= {since:DateTime64(3, 'UTC')}
        GROUP BY uid
       HAVING author != ''
        ORDER BY published_ms DESC
        LIMIT {limit:UInt32}
     ) ORDER BY published_ms`,
    { since: chDateTime(since), limit },
  );
  return rows.map((r) => ({ uid: r.uid, author_id: r.author, published_at_ms: Number(r.published_ms), topic: r.last_topic, text: r.last_text }));
}

/** A server-side DateTime64 parameter: "YYYY-MM-DD hh:mm:ss.sss" in UTC. */
const chDateTime = (d: Date): string => d.toISOString().replace('T', ' ').replace('Z', '');

/** Median engagement (likes + 2·reposts + comments) per source over the last days. */
export async function engagementBaselines(store: Store, since: Date): Promise<Map<string, number>> {
  const rows = await store.query<{ source_id: string; baseline: number }>(
    `SELECT source_id, quantileExact(0.5)(likes + 2 * reposts + comments) AS baseline
       FROM posts
      WHERE published_at >= {since:DateTime64(3, 'UTC')}
      GROUP BY source_id`,
    { since: chDateTime(since) },
  );
  return new Map(rows.map((r) => [r.source_id, Number(r.baseline)]));
}
