// `npm start`: the whole pipeline in one process on the embedded runtime (in-process bus, chDB under ./data).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createLogger } from '@cur/shared/logger';
import { onShutdown, runMain } from '@cur/shared/run-service';
import { credentialsFromEnv } from '@cur/collector/env';
import { startPipeline } from './pipeline';

const MainEnv = RuntimeEnv.extend({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080).describe('HTTP port of the console and /health'),
  HOST: z.string().default('127.0.0.1').describe('HTTP bind address'),
  SOURCES_FILE: z.string().optional().describe('collector sources file (YAML/JSON); absent = no live sources'),
  CONSOLE_USERS_FILE: z.string().optional().describe('console users file; absent = a local admin token is generated'),
});

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      replay: { type: 'string', description: 'JSON Lines file of posts to feed through the pipeline' },
      port: { type: 'string' },
      sources: { type: 'string' },
    },
    allowPositionals: false,
  });
  const env = loadEnv(MainEnv);
  const logger = createLogger({ name: 'cur', level: env.LOG_LEVEL });
  const pipeline = await startPipeline({
    logger,
    kafkaBrokers: env.KAFKA_BROKERS,
    clickhouse: { url: env.CLICKHOUSE_URL, username: env.CLICKHOUSE_USER, password: env.CLICKHOUSE_PASSWORD, database: env.CLICKHOUSE_DATABASE },
    dataDir: env.DATA_DIR,
    port: values.port ? Number(values.port) : env.PORT,
    host: env.HOST,
    replayFile: values.replay,
    sourcesFile: values.sources ?? env.SOURCES_FILE,
    usersFile: env.CONSOLE_USERS_FILE,
    credentials: credentialsFromEnv(process.env),
  });
  logger.info({ url: pipeline.url, health: `${pipeline.url}/health` }, 'pipeline running; Ctrl+C stops it');
  onShutdown(logger, () => pipeline.stop());
}

runMain(main);
