// Runs the collector alone: env and sources file parsed once, the bus and the store built, stopped on SIGTERM.
import { z } from 'zod';
import { createBus } from '@cur/shared/bus/create-bus';
import { systemClock } from '@cur/shared/clock';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { join } from 'node:path';
import { createCollectorService } from './collector';
import { CollectorEnv, credentialsFromEnv } from './env';

const MainEnv = RuntimeEnv.extend({
  SOURCES_FILE: z.string().optional().describe('The sources file (YAML/JSON); see services/collector/README.md'),
  REPLAY_FILE: z.string().optional().describe('A JSON Lines file to replay into posts.raw'),
}).extend(CollectorEnv.shape);

async function main(): Promise<void> {
  const env = loadEnv(MainEnv);
  const logger = createLogger({ name: 'collector', level: env.LOG_LEVEL });
  const store = await openStore({ url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database: env.CLICKHOUSE_DATABASE, dataDir: join(env.DATA_DIR, 'chdb') });
  await migrate(store);
  const bus = createBus({ kafkaBrokers: env.KAFKA_BROKERS, clientId: `${env.KAFKA_CLIENT_ID}-collector`, logger });
  const service = createCollectorService({ bus, store, logger, clock: systemClock }, { sourcesFile: env.SOURCES_FILE, replayFile: env.REPLAY_FILE }, { credentials: credentialsFromEnv(process.env) });
  await service.start();
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal, counters: service.health().counters }, 'collector stopping');
    service.stop().then(() => bus.close()).then(() => store.close()).then(() => process.exit(0), (error) => {
      logger.error({ err: error }, 'collector did not stop cleanly');
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
