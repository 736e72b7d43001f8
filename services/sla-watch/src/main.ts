// Runs the SLA watcher alone: environment parsed once, Kafka (or the in-process bus) and ClickHouse (or chDB).
import { join } from 'node:path';
import { z } from 'zod';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { systemClock } from '@cur/shared/clock';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createSlaWatchService } from './sla-watch';

const SlaWatchEnv = RuntimeEnv.extend({
  SLA_WARNING_SHARE: z.coerce.number().gt(0).lt(1).default(0.75).describe('share of a term after which a warning is sent'),
  SLA_TICK_INTERVAL_MS: z.coerce.number().int().nonnegative().default(60_000).describe('how often untouched clocks are checked'),
  SLA_PROFILES_DIR: z.string().optional().describe('folder of regulation profiles'),
});

async function main(): Promise<void> {
  const env = loadEnv(SlaWatchEnv);
  const logger = createLogger({ name: 'sla-watch', level: env.LOG_LEVEL });
  const bus = env.KAFKA_BROKERS
    ? createKafkaBus({ brokers: env.KAFKA_BROKERS.split(','), clientId: `${env.KAFKA_CLIENT_ID}-sla-watch`, logger })
    : createMemoryBus({ logger });
  if (!env.KAFKA_BROKERS) logger.warn('no KAFKA_BROKERS: in-process bus, so only events published in this process arrive');
  const store = await openStore({
    url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD,
    database: env.CLICKHOUSE_DATABASE, dataDir: join(env.DATA_DIR, 'chdb'),
  });
  await migrate(store);
  const service = createSlaWatchService({ bus, store, logger, clock: systemClock }, {
    warningShare: env.SLA_WARNING_SHARE, tickIntervalMs: env.SLA_TICK_INTERVAL_MS, profilesDir: env.SLA_PROFILES_DIR,
  });
  await service.start();
  logger.info({ event: 'sla.started', bus: bus.kind, store: store.kind }, 'sla-watch running');
  const shutdown = async (signal: string) => {
    logger.info({ signal }, 'stopping');
    await service.stop();
    await bus.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`sla-watch: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
