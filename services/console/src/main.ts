// Runs the console alone: parse the environment once, open the store and the bus, listen, stop on SIGTERM.
import { z } from 'zod';
import { loadConfigFile, loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { systemClock } from '@cur/shared/clock';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { coreMigrationsDir, migrate } from '@cur/shared/store/migrate';
import { join } from 'node:path';
import { ConsoleConfig } from './config';
import { createConsoleService } from './console';

const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0));

const ConsoleEnv = RuntimeEnv.extend({
  CONSOLE_CONFIG_FILE: z.string().optional().describe('JSON/YAML file of the console config (keys of ConsoleConfig)'),
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('HTTP port; overrides the file'),
  CONSOLE_HOST: z.string().optional().describe('bind address; overrides the file'),
  CONSOLE_USERS_FILE: z.string().optional().describe('users file (JSON/YAML)'),
  CONSOLE_FEED_ENDPOINTS: list.optional().describe('comma-separated URLs of external incident systems'),
  CONSOLE_ALERT_WEBHOOKS: list.optional().describe('comma-separated webhook URLs for critical posts and spikes'),
});

async function main(): Promise<void> {
  const env = loadEnv(ConsoleEnv);
  const logger = createLogger({ name: 'console', level: env.LOG_LEVEL });
  const fromFile = env.CONSOLE_CONFIG_FILE ? loadConfigFile(ConsoleConfig, env.CONSOLE_CONFIG_FILE) : ConsoleConfig.parse({});
  const config = ConsoleConfig.parse({
    ...fromFile,
    ...(env.CONSOLE_PORT !== undefined ? { port: env.CONSOLE_PORT } : {}),
    ...(env.CONSOLE_HOST ? { host: env.CONSOLE_HOST } : {}),
    ...(env.CONSOLE_USERS_FILE ? { usersFile: env.CONSOLE_USERS_FILE } : {}),
    ...(env.CONSOLE_FEED_ENDPOINTS ? { feedEndpoints: env.CONSOLE_FEED_ENDPOINTS } : {}),
    ...(env.CONSOLE_ALERT_WEBHOOKS ? { alertWebhooks: env.CONSOLE_ALERT_WEBHOOKS } : {}),
    adminTokenFile: fromFile.adminTokenFile === './data/console-admin.token' ? join(env.DATA_DIR, 'console-admin.token') : fromFile.adminTokenFile,
  });
  const store = await openStore({
    url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database: env.CLICKHOUSE_DATABASE,
    dataDir: join(env.DATA_DIR, 'chdb'),
  });
  await migrate(store, [coreMigrationsDir]);
  const bus = env.KAFKA_BROKERS
    ? createKafkaBus({ brokers: env.KAFKA_BROKERS.split(','), clientId: `${env.KAFKA_CLIENT_ID}-console`, logger: logger.child({ part: 'bus' }) })
    : createMemoryBus({ logger: logger.child({ part: 'bus' }) });
  if (bus.kind === 'memory') logger.warn('no KAFKA_BROKERS: the console runs on an in-process bus, so its events reach no other service');
  const service = createConsoleService({ bus, store, logger, clock: systemClock }, config);
  await service.start();
  let isStopping = false;
  const shutdown = (signal: string) => {
    if (isStopping) process.exit(1);
    isStopping = true;
    logger.info({ signal }, 'stopping');
    service.stop().then(() => bus.close()).then(() => store.close()).then(() => process.exit(0), (error) => {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
