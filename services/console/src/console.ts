// The console as a pipeline service: listens on config.port (127.0.0.1 by default), runs its background parts.
import type { PipelineService, ServiceDeps, ServiceState } from '@cur/shared/service';
import { buildConsoleApp, type ConsoleApp } from './app';
import type { ConsoleOptions } from './config';

export interface ConsoleService extends PipelineService {
  /** The listening address once started, e.g. http://127.0.0.1:8080. */
  url(): string | null;
  app(): ConsoleApp | null;
}

export function createConsoleService(deps: ServiceDeps, config: ConsoleOptions): ConsoleService {
  let state: ServiceState = 'idle';
  let app: ConsoleApp | null = null;
  let address: string | null = null;
  let lastError: string | null = null;
  return {
    name: 'console',
    async start() {
      state = 'starting';
      try {
        app = buildConsoleApp({ ...deps, config });
        await app.startBackground();
        const cfg = app.context.config;
        address = await app.server.listen({ port: cfg.port, host: cfg.host });
        deps.logger.info({ url: address }, 'console listening');
        state = 'running';
      } catch (error) {
        state = 'failed';
        lastError = (error as Error).message;
        throw error;
      }
    },
    async stop() {
      if (!app) { state = 'stopped'; return; }
      state = 'stopping';
      await app.server.close();
      await app.stopBackground();
      state = 'stopped';
    },
    health() {
      const counters = app?.counters() ?? { requests: 0, actions: 0 };
      return { state, counters, details: { url: address, lastError, isSpellingReady: app?.context.speller.isReady() ?? false } };
    },
    url: () => address,
    app: () => app,
  };
}
