// Runs the classifier alone: environment parsed once, Kafka (or the in-process bus) and ClickHouse (or chDB).
import { join } from 'node:path';
import { z } from 'zod';
import { createBus } from '@cur/shared/bus/create-bus';
import { systemClock } from '@cur/shared/clock';
import { loadConfigFile, loadEnv, parseConfig } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from './classifier';
import { ClassifierConfig } from './config';

const ClassifierEnv = RuntimeEnv.extend({
  CLASSIFIER_CONFIG: z.string().optional().describe('JSON or YAML file with the classifier config (config.ts); absent = defaults'),
  CLASSIFIER_GROUP_ID: z.string().min(1).optional().describe('consumer group on posts.raw (overrides the file)'),
  CLASSIFIER_REJECT_REPEATS: z.enum(['true', 'false']).optional().describe('Omsk profile: reject repeats without new arguments (overrides the file)'),
});

async function main(): Promise<void> {
  const env = loadEnv(ClassifierEnv);
  const logger = createLogger({ name: 'classifier', level: env.LOG_LEVEL });
  const fromFile = env.CLASSIFIER_CONFIG ? loadConfigFile(ClassifierConfig, env.CLASSIFIER_CONFIG) : ClassifierConfig.parse({});
  const parsed = parseConfig(ClassifierConfig, {
    ...fromFile,
    ...(env.CLASSIFIER_GROUP_ID ? { groupId: env.CLASSIFIER_GROUP_ID } : {}),
    ...(env.CLASSIFIER_REJECT_REPEATS ? { rejectRepeatWithoutNewArguments: env.CLASSIFIER_REJECT_REPEATS === 'true' } : {}),
  }, 'environment');
  if (!parsed.ok) throw parsed.error;
  const bus = createBus({ kafkaBrokers: env.KAFKA_BROKERS, clientId: `${env.KAFKA_CLIENT_ID}-classifier`, logger });
  if (!env.KAFKA_BROKERS) logger.warn('no KAFKA_BROKERS: in-process bus, so only posts published in this process arrive');
  const store = await openStore({
    url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD,
    database: env.CLICKHOUSE_DATABASE, dataDir: join(env.DATA_DIR, 'chdb'),
  });
  await migrate(store);
  const service = createClassifierService({ bus, store, logger, clock: systemClock }, parsed.value);
  await service.start();
  logger.info({ event: 'classifier.ready', bus: bus.kind, store: store.kind }, 'classifier running');
  const shutdown = async (signal: string): Promise<void> => {
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
  process.stderr.write(`classifier: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
