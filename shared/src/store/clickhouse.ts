// The column store: chDB in-process by default, a ClickHouse server when a URL is given; one client API.
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { coalescingStore } from './coalescing-store';
import { encodeRows } from './encode-rows';

export interface StoreOptions {
  /** http(s)://host:port of a ClickHouse server; absent = embedded chDB. */
  url?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  database?: string | undefined;
  /** chDB data directory (embedded only). */
  dataDir?: string | undefined;
  /**
   * Concurrent INSERTs into one table merged into one (coalescing-store.ts). Default: on for chDB (which runs one
   * statement at a time anyway), off for a server (which runs them in parallel).
   */
  coalesce?: boolean | undefined;
}

export interface Store {
  readonly kind: 'chdb' | 'server';
  readonly client: ClickHouseClient;
  /** Inserts rows as JSONEachRow; ISO instants with offsets are accepted. */
  insert(table: string, rows: readonly object[]): Promise<void>;
  /**
   * Inserts rows already encoded by encodeRows (UTF-8 JSON objects separated by commas), where the store can take
   * them as they are (chDB): a caller that queues for the store encodes while another statement runs.
   */
  insertEncoded?(table: string, rows: Buffer): Promise<void>;
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

/**
 * chDB: the settings are SET once on its one session when they hold there (checked), instead of prefixing every
 * statement with two SETs (chDB runs `SET a; SET b; <statement>` as three statements, some ms each).
 */
async function setSessionSettings(client: ClickHouseClient): Promise<boolean> {
  try {
    for (const [name, value] of Object.entries(clickhouseSettings)) {
      await client.command({ query: `SET ${name} = ${typeof value === 'number' ? value : `'${value}'`}` });
    }
    const result = await client.query({
      query: "SELECT getSetting('date_time_input_format') AS dt, toUInt8(getSetting('output_format_json_quote_64bit_integers')) AS q",
      format: 'JSONEachRow',
    });
    const [row] = (await result.json()) as { dt: string; q: number }[];
    return row?.dt === clickhouseSettings.date_time_input_format && Number(row.q) === clickhouseSettings.output_format_json_quote_64bit_integers;
  } catch {
    return false;
  }
}

/** chDB's own insert, beside the client: the encoded rows handed over as bytes, no stream and no SQL text in between. */
type InsertRaw = (table: string, rows: Buffer) => Promise<unknown>;

const tableName = /^[A-Za-z_][A-Za-z0-9_]*$/;

function wrap(kind: Store['kind'], client: ClickHouseClient, onClose: () => Promise<void>, hasSessionSettings = false, insertRaw?: InsertRaw): Store {
  const clickhouse_settings = hasSessionSettings ? undefined : clickhouseSettings;
  // The client would encode the rows into a stream and chDB's connection read it back into a string, over several
  // turns of the event loop while the engine waits; chDB reads the encoded bytes where they are instead (a SQL text
  // with the rows in it would be one more copy of them, on the JS heap).
  const insertEncoded = insertRaw && hasSessionSettings
    ? async (table: string, rows: Buffer): Promise<void> => {
      if (!tableName.test(table)) throw new Error(`not a table name: ${JSON.stringify(table)}`);
      if (rows.length === 0) return;
      await insertRaw(table, rows);
    }
    : undefined;
  return {
    kind,
    client,
    async insert(table, rows) {
      if (rows.length === 0) return;
      if (insertEncoded) {
        await insertEncoded(table, encodeRows(rows));
        return;
      }
      await client.insert({ table, values: rows as object[], format: 'JSONEachRow', ...(clickhouse_settings ? { clickhouse_settings } : {}) });
    },
    ...(insertEncoded ? { insertEncoded } : {}),
    async query<T>(sql: string, params: Record<string, unknown> = {}) {
      const result = await client.query({ query: sql, query_params: params, format: 'JSONEachRow', ...(clickhouse_settings ? { clickhouse_settings } : {}) });
      return (await result.json()) as T[];
    },
    async command(sql, params = {}) {
      await client.command({ query: sql, query_params: params, ...(clickhouse_settings ? { clickhouse_settings } : {}) });
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
    const server = wrap('server', client, () => client.close());
    return options.coalesce === true ? coalescingStore(server) : server;
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
  const connection = createChdbConnection({ path: dataDir });
  // The connection hook is experimental in @clickhouse/client's types, hence the cast.
  const client = createClient({ connection } as unknown as Parameters<typeof createClient>[0]);
  const plain = wrap('chdb', client, async () => {
    if (!embedded) return;
    embedded.refs -= 1;
    if (embedded.refs > 0) return;
    embedded = null;
    await client.close();
  }, await setSessionSettings(client), (table, rows) => connection.chdb.rawInsert({ table, values: rows, format: 'JSONEachRow' }));
  const store = options.coalesce === false ? plain : coalescingStore(plain);
  embedded = { dataDir, store, refs: 1 };
  return store;
}
