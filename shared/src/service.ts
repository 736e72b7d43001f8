// The shape of a pipeline service: built from its dependencies, started and stopped by a shell.
import type { Bus } from './bus/bus';
import type { Clock } from './clock';
import type { Logger } from './logger';
import type { Store } from './store/clickhouse';

export interface ServiceDeps {
  bus: Bus;
  store: Store;
  logger: Logger;
  clock: Clock;
}

export type ServiceState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface ServiceHealth {
  state: ServiceState;
  /** Counters since start, e.g. { collected: 240 } or { classified: 200, rejected: 40 }. */
  counters: Record<string, number>;
  /** Anything else worth showing: per-source details, lag, last error. */
  details?: Record<string, unknown>;
}

export interface PipelineService {
  readonly name: string;
  start(): Promise<void>;
  /** Graceful: finishes in-flight work before resolving. */
  stop(): Promise<void>;
  health(): ServiceHealth;
}
