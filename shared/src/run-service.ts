// The shell every service's main.ts shares: open the store and the bus from the environment, start, stop on a signal.
import { createBus } from './bus/create-bus';
import type { Bus } from './bus/bus';
import { systemClock } from './clock';
import type { RuntimeEnv } from './config/runtime-env';
import { createLogger, type Logger } from './logger';
import type { Store } from './store/clickhouse';
import { openStoreFromEnv } from './store/open-from-env';
import { migrate } from './store/migrate';
import type { PipelineService, ServiceDeps } from './service';

export interface RunServiceOptions {
  name: string;
  env: RuntimeEnv;
  /** Builds the service from its dependencies; config is parsed by the caller, before anything opens. */
  build: (deps: ServiceDeps) => PipelineService;
  /** Said once when there is no KAFKA_BROKERS: what the service will not see on an in-process bus. */
  memoryBusWarning: string;
}

export interface RunningService {
  service: PipelineService;
  bus: Bus;
  store: Store;
  logger: Logger;
}

/** Opens the store (migrated) and the bus, starts the service and stops everything gracefully on SIGINT/SIGTERM. */
export async function runService(options: RunServiceOptions): Promise<RunningService> {
  const { env, name } = options;
  const logger = createLogger({ name, level: env.LOG_LEVEL });
  const store = await openStoreFromEnv(env);
  await migrate(store);
  const bus = createBus({ kafkaBrokers: env.KAFKA_BROKERS, clientId: `${env.KAFKA_CLIENT_ID}-${name}`, logger: logger.child({ part: 'bus' }) });
  if (bus.kind === 'memory') logger.warn(`no KAFKA_BROKERS: ${options.memoryBusWarning}`);
  const service = options.build({ bus, store, logger, clock: systemClock });
  // An in-process bus holds no socket open: without this handle node would exit as soon as start() resolved.
  const keepAlive = setInterval(() => undefined, 1 << 30);
  // Signals are handled before start, so a stop asked for during start-up still finishes in-flight work.
  onShutdown(logger, async () => {
    clearInterval(keepAlive);
    logger.info({ counters: service.health().counters }, `${name} stopping`);
    await service.stop();
    await bus.close();
    await store.close();
  });
  await service.start();
  logger.info({ event: `${name}.ready`, bus: bus.kind, store: store.kind }, `${name} running`);
  return { service, bus, store, logger };
}

/** A first SIGINT/SIGTERM stops gracefully (in-flight work finishes); a second one exits at once. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let isStopping = false;
  const shutdown = (signal: string): void => {
    if (isStopping) process.exit(1);
    isStopping = true;
    logger.info({ signal }, 'stopping: finishing in-flight work');
    stop().then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'did not stop cleanly');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

/** Runs an async main; a failure (a ConfigError naming the bad key, say) goes to stderr with exit code 1. */
export function runMain(main: () => Promise<unknown>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message ?? String(error)}\n`);
    process.exit(1);
  });
}
