// The column store: chDB in-process by default, a ClickHouse server when a URL is given; one client API.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface StoreOptions {
  /** http(s)://host:port of a ClickHouse server; absent = embedded chDB. */
  url?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
  /** chDB data directory (embedded only). */
  dataDir?: string | undefined;
}

export interface Store {
  readonly kind: 'chdb' | 'server';
  readonly client: ClickHouseClient;
  /** Inserts rows as JSONEachRow; ISO instants with offsets are accepted. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /** Runs a SELECT with server-side parameters ({name:Type}) and returns the rows. */
  query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  command(sql: string, params?: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

const clickhouseSettings = {
  date_time_input_format: 'best_effort',
  output_format_json_quote_64bit_integers: 0,
} as const;

// chDB binds one data directory per process: every caller in this process shares one connection.
let embedded: { dataDir: string; store: Store; refs: number } | null = null;

function wrap(kind: Store['kind'], client: ClickHouseClient, onClose: () => Promise<void>): Store {
  return {
    kind,
    client,
    async insert(table, rows) {
      if (rows.length === 0) return;
      await client.insert({ table, values: rows as object[], format: 'JSONEachRow', clickhouse_settings: clickhouseSettings });
    },
    async query<T>(sql: string, params: Record<string, unknown> = {}) {
      const result = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', clickhouse_settings: clickhouseSettings });
      return (await result.json()) as T[];
    },
    async command(sql, params = {}) {
      await client.command({ query: sql, query_params: params, clickhouse_settings: clickhouseSettings });
    },
    close: onClose,
  };
}

export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.url) {
    const client = createClient({
      url: options.url,
      username: options.username ?? 'default',
      password: options.password ?? '',
      database: options.database ?? 'default',
    });
    return wrap('server', client, () => client.close());
  }
  const dataDir = resolve(options.dataDir ?? './data/chdb');
  if (embedded) {
    if (embedded.dataDir !== dataDir) {
      throw new Error(`chDB is already bound to ${embedded.dataDir} in this process; cannot open ${dataDir}`);
    }
    embedded.refs += 1;
    return embedded.store;
  }
  mkdirSync(dataDir, { recursive: true });
  const { createChdbConnection } = await import('chdb/connection');
  // The connection hook is experimental in @clickhouse/client's types, hence the cast.
  const client = createClient({ connection: createChdbConnection({ path: dataDir }) } as unknown as Parameters<typeof createClient>[0]);
  const store = wrap('chdb', client, async () => {
    if (!embedded) return;
    embedded.refs -= 1;
    if (embedded.refs > 0) return;
    embedded = null;
    await client.close();
  });
  embedded = { dataDir, store, refs: 1 };
  return store;
}
