// The environment every service shell reads: where the bus and the store are. Parsed once in main.ts.
import { z } from 'zod';

// An empty variable (KAFKA_BROKERS= in a compose file or a shell) means "not set".
const blankIsAbsent = (value: unknown): unknown => (value === '' ? undefined : value);

export const RuntimeEnv = z.object({
  KAFKA_BROKERS: z.preprocess(blankIsAbsent, z.string().regex(/^[^\s,]+(,[^\s,]+)*$/, 'comma-separated host:port list').optional())
    .describe('Kafka brokers; absent = the in-process bus (embedded runtime)'),
  KAFKA_CLIENT_ID: z.string().default('cur-monitor').describe('kafkajs client id prefix'),
  CLICKHOUSE_URL: z.preprocess(blankIsAbsent, z.string().url().optional()).describe('ClickHouse server URL; absent = embedded chDB'),
  CLICKHOUSE_USER: z.string().default('default').describe('ClickHouse user'),
  CLICKHOUSE_PASSWORD: z.string().default('').describe('ClickHouse password'),
  CLICKHOUSE_DATABASE: z.string().default('default').describe('ClickHouse database'),
  DATA_DIR: z.string().default('./data').describe('embedded runtime data directory (chDB under DATA_DIR/chdb)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino level'),
});
export type RuntimeEnv = z.infer<typeof RuntimeEnv>;

/** The distributed runtime needs both servers; a service container without them is misconfigured. */
export const DistributedEnv = RuntimeEnv.extend({
  KAFKA_BROKERS: z.string().regex(/^[^\s,]+(,[^\s,]+)*$/, 'comma-separated host:port list'),
  CLICKHOUSE_URL: z.string().url(),
});
