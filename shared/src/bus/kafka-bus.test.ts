import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { describeBusContract } from './bus.contract';
import { createKafkaBus } from './kafka-bus';

// The broker comes from test/setup/kafka-broker.ts (vitest globalSetup): provided as 'kafkaBrokers'.
const provided = inject('kafkaBrokers');
if (!provided) throw new Error('no Kafka broker was provided to this run (test/setup/kafka-broker.ts)');
const brokers = provided.split(',');

describe('the test broker', () => {
  it('reaches the workers both through inject() and through the environment', () => {
    expect(process.env.KAFKA_BROKERS).toBe(provided);
  });
});

const rawProducer = new Kafka({ clientId: 'bus-contract-raw', brokers, logLevel: logLevel.NOTHING }).producer();
let isRawConnected = false;
afterAll(async () => {
  if (isRawConnected) await rawProducer.disconnect();
});

describeBusContract(
  'kafka',
  async () => createKafkaBus({ brokers, clientId: 'bus-contract', retryBaseMs: 5, retryMaxMs: 50 }),
  {
    publishRaw: async (topic, key, text) => {
      if (!isRawConnected) {
        await rawProducer.connect();
        isRawConnected = true;
      }
      await rawProducer.send({ topic, messages: [{ key, value: text }] });
    },
  },
);
