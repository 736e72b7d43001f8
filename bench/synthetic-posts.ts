// Server-side generation of synthetic classified posts in ClickHouse, for store and analytics benchmarks.
import type { Store } from '@cur/shared/store/clickhouse';

const topics = ['zhkh', 'roads', 'transport', 'health', 'education', 'improvement', 'ecology', 'social', 'safety', 'economy', 'construction', 'culture_sport', 'other'];
const locations = ['lipetsk_city', 'yelets_city', 'gryazinsky', 'lebedyansky', 'dankovsky', 'usmansky', 'zadonsky', 'volovsky', 'yeletsky', 'dobrovsky', 'unknown'];
const sources = ['vk', 'ok', 'telegram', 'video', 'web'];
const importances = ['normal', 'normal', 'normal', 'normal', 'high', 'low', 'critical'];

const arrayLiteral = (values: string[]): string => `[${values.map((v) => `'${v}'`).join(',')}]`;

/**
 * Inserts `rows` posts spread evenly over `days` days before `endIso`, in chunks.
 * The generator SQL takes only numbers and fixed literals from this file, never outside input.
 */
export async function generatePosts(store: Store, rows: number, days: number, endIso: string, chunk = 5_000_000): Promise<void> {
  const spanSec = days * 86_400;
  const endSec = Math.floor(new Date(endIso).getTime() / 1000);
  for (let offset = 0; offset < rows; offset += chunk) {
    const n = Math.min(chunk, rows - offset);
    await store.command(
      `INSERT INTO posts
       SELECT
         concat('bench:', toString(number)) AS uid, 0 AS version, 'vk' AS platform,
         ${arrayLiteral(sources)}[1 + (cityHash64(number, 1) % ${sources.length})] AS source,
         'bench' AS source_id, 'lipetsk' AS region, if(number % 3 = 0, 'post', 'comment') AS kind, '' AS parent_uid,
         '' AS url, toString(number % 100000) AS author_id, '' AS author_name,
         toDateTime64({end:UInt32} - (cityHash64(number, 2) % {span:UInt32}), 3, 'UTC') AS published_at,
         published_at AS collected_at, 'синтетический пост' AS text, 0, 0, 0, 0,
         if(number % 20 = 0, 'rejected', 'classified') AS status, if(number % 20 = 0, 'abuse', '') AS reject_reason,
         ${arrayLiteral(topics)}[1 + (cityHash64(number, 3) % ${topics.length})] AS topic,
         ${arrayLiteral(locations)}[1 + (cityHash64(number, 4) % ${locations.length})] AS location,
         ${arrayLiteral(importances)}[1 + (cityHash64(number, 5) % ${importances.length})] AS importance,
         if(number % 20 = 0, 'obscene', 'none') AS abuse, 0 AS is_spam, 1 AS needs_response, '' AS repeat_of,
         ['housing_dept'] AS authorities, '[]' AS evidence, published_at AS classified_at
       FROM numbers({offset:UInt64}, {n:UInt64})`,
      { end: endSec, span: spanSec, offset, n },
    );
  }
}
