// Picks the bus for a runtime: Kafka when brokers are configured, the in-process bus otherwise.
import type { Logger } from '../logger';
import type { Bus } from './bus';
import { createKafkaBus, type KafkaBusOptions } from './kafka-bus';
import { createMemoryBus, type MemoryBusOptions } from './memory-bus';

export interface CreateBusOptions {
  /** Comma-separated host:port list (KAFKA_BROKERS); empty or absent = the in-process bus. */
  kafkaBrokers?: string;
  clientId: string;
  logger: Logger;
  /** Extra settings for the Kafka bus (tests, tuning). */
  kafka?: Omit<KafkaBusOptions, 'brokers' | 'clientId' | 'logger'>;
  /** Extra settings for the memory bus. */
  memory?: Omit<MemoryBusOptions, 'logger'>;
}

/** Splits "a:9092, b:9092" into ["a:9092", "b:9092"]; throws on an entry that is not host:port. */
export function parseBrokerList(text: string): string[] {
  const brokers = text.split(',').map((entry) => entry.trim()).filter((entry) => entry.length > 0);
  for (const broker of brokers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(broker)) throw new Error(`invalid Kafka broker "${broker}": expected host:port`);
  }
  return brokers;
}

export function createBus(options: CreateBusOptions): Bus {
  const brokers = parseBrokerList(options.kafkaBrokers ?? '');
  const logger = options.logger.child({ component: 'bus' });
  if (brokers.length > 0) {
    logger.info({ brokers }, 'bus: kafka');
    return createKafkaBus({ ...options.kafka, brokers, clientId: options.clientId, logger });
  }
  logger.info('bus: in-process');
  return createMemoryBus({ ...options.memory, logger });
}
