// Runs the router alone: parse the environment once, open the store and the bus, start, stop on SIGTERM.
import { z } from 'zod';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createBus } from '@cur/shared/bus/create-bus';
import { systemClock } from '@cur/shared/clock';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { join } from 'node:path';
import { createRouterService } from './router';

const RouterEnv = RuntimeEnv.extend({
  ROUTER_GROUP_ID: z.string().min(1).default('router').describe('consumer group on posts.classified'),
  ROUTER_RULES_FILE: z.string().min(1).optional().describe('routing rules file (JSON/YAML); default: the bundled Lipetsk rules'),
  ROUTER_ALERT_ON_CRITICAL: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('publish critical_post alerts'),
});

async function main(): Promise<void> {
  const env = loadEnv(RouterEnv);
  const logger = createLogger({ name: 'router', level: env.LOG_LEVEL });
  const store = await openStore({
    url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database: env.CLICKHOUSE_DATABASE,
    dataDir: join(env.DATA_DIR, 'chdb'),
  });
  await migrate(store);
  const bus = createBus({ kafkaBrokers: env.KAFKA_BROKERS, clientId: `${env.KAFKA_CLIENT_ID}-router`, logger });
  if (bus.kind === 'memory') logger.warn('no KAFKA_BROKERS: the router runs on an in-process bus and sees only what this process publishes');
  const service = createRouterService({ bus, store, logger, clock: systemClock }, {
    groupId: env.ROUTER_GROUP_ID,
    alertOnCritical: env.ROUTER_ALERT_ON_CRITICAL,
    ...(env.ROUTER_RULES_FILE ? { rulesFile: env.ROUTER_RULES_FILE } : {}),
  });
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
