// Builds and runs the whole pipeline in one process: collector → classifier → router → sla-watch, plus the console.
import { createBus } from '@cur/shared/bus/create-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { systemClock, type Clock } from '@cur/shared/clock';
import type { Logger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import type { PipelineService, ServiceDeps } from '@cur/shared/service';
import { createClassifierService } from '@cur/classifier/classifier';
import { createRouterService } from '@cur/router/router';
import { createSlaWatchService } from '@cur/sla-watch/sla-watch';
import { createCollectorService, type CollectorRuntime } from '@cur/collector/collector';
import { createConsoleService } from '@cur/console/console';
import { join } from 'node:path';
import { createHealthReporter, type PipelineHealth } from './health';

export interface PipelineOptions {
  logger: Logger;
  clock?: Clock;
  /** Kafka brokers; absent = in-process bus. */
  kafkaBrokers?: string | undefined;
  clickhouse?: { url?: string | undefined; username?: string; password?: string; database?: string };
  dataDir: string;
  port: number;
  host?: string;
  replayFile?: string | undefined;
  sourcesFile?: string | undefined;
  usersFile?: string | undefined;
  /** Platform tokens, parsed by main.ts from the environment (the only place they come from). */
  credentials?: CollectorRuntime['credentials'];
}

export interface RunningPipeline {
  bus: Bus;
  store: Store;
  services: PipelineService[];
  health(): Promise<PipelineHealth>;
  url: string;
  stop(): Promise<void>;
}

export async function startPipeline(options: PipelineOptions): Promise<RunningPipeline> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const store = await openStore({ ...options.clickhouse, dataDir: join(options.dataDir, 'chdb') });
  const applied = await migrate(store);
  if (applied.length > 0) logger.info({ applied }, 'store migrations applied');
  const bus = createBus({ kafkaBrokers: options.kafkaBrokers, clientId: 'cur-embedded', logger: logger.child({ part: 'bus' }) });
  const deps = (name: string): ServiceDeps => ({ bus, store, clock, logger: logger.child({ service: name }) });

  const services: PipelineService[] = [];
  const startedAt = clock.now();
  const health = createHealthReporter({ store, bus, services: () => services, startedAt, now: () => clock.now() });

  const slaWatch = createSlaWatchService(deps('sla-watch'), {});
  const router = createRouterService(deps('router'), {});
  const classifier = createClassifierService(deps('classifier'), {});
  const consoleService = createConsoleService(deps('console'), {
    port: options.port,
    host: options.host ?? '127.0.0.1',
    usersFile: options.usersFile,
    adminTokenFile: join(options.dataDir, 'console-admin.token'),
    healthProvider: health,
  });
  const collector = createCollectorService(deps('collector'), {
    sourcesFile: options.sourcesFile,
    replayFile: options.replayFile,
  }, options.credentials ? { credentials: options.credentials } : {});
  // Downstream first, so nothing published is waiting for a consumer that has not joined yet.
  services.push(slaWatch, router, classifier, consoleService, collector);
  for (const service of services) {
    await service.start();
    logger.info({ service: service.name }, 'service started');
  }
  const url = `http://${options.host ?? '127.0.0.1'}:${options.port}`;

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    // Upstream first: the collector stops producing, each stage drains what it holds, then the bus and store close.
    stopping ??= (async () => {
      for (const service of [collector, classifier, router, slaWatch, consoleService]) {
        try {
          await service.stop();
        } catch (error) {
          logger.error({ err: error, service: service.name }, 'service did not stop cleanly');
        }
      }
      await bus.close();
      await store.close();
    })();
    return stopping;
  };
  return { bus, store, services, health, url, stop };
}
