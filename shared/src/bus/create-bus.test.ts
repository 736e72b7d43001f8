import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBus, parseBrokerList } from './create-bus';

const logger = pino({ level: 'silent' });

describe('createBus', () => {
  it('gives the in-process bus without brokers', async () => {
    const bus = createBus({ clientId: 't', logger });
    expect(bus.kind).toBe('memory');
    await bus.close();
    expect(createBus({ clientId: 't', logger, kafkaBrokers: ' ' }).kind).toBe('memory');
  });

  it('gives the Kafka bus when brokers are given (it connects lazily)', async () => {
    const bus = createBus({ clientId: 't', logger, kafkaBrokers: '127.0.0.1:1' });
    expect(bus.kind).toBe('kafka');
    await bus.close();
  });
});

describe('parseBrokerList', () => {
  it('splits and trims a comma-separated list', () => {
    expect(parseBrokerList('a:9092, b:9093,')).toEqual(['a:9092', 'b:9093']);
  });

  it('rejects an entry without a port', () => {
    expect(() => parseBrokerList('localhost')).toThrow(/host:port/);
  });
});
