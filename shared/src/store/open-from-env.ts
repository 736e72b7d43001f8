// The store a service or a CLI opens from the runtime environment: a ClickHouse server when CLICKHOUSE_URL is
// set, else the embedded chDB under DATA_DIR/chdb.
import { join } from 'node:path';
import type { RuntimeEnv } from '../config/runtime-env';
import { openStore, type Store } from './clickhouse';

export function openStoreFromEnv(env: RuntimeEnv): Promise<Store> {
  return openStore({
    url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD,
    database: env.CLICKHOUSE_DATABASE, dataDir: join(env.DATA_DIR, 'chdb'),
  });
}
