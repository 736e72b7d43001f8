// A broker restart must not crash the process nor lose a message. This file starts its own broker (not the
// shared test broker), because it stops and restarts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startLocalBroker, type LocalBroker } from '../../../infra/kafka/broker';
import { createLogger } from '../logger';
import { uniqueName, waitUntil } from './bus.contract';
import { createKafkaBus } from './kafka-bus';

const Seq = z.object({ seq: z.number().int() }).strict();

describe('kafka bus across a broker restart', () => {
  let broker: LocalBroker | undefined;
  beforeAll(async () => {
    broker = await startLocalBroker();
  }, 180_000);
  afterAll(async () => {
    await broker?.remove();
  });

  it('goes on publishing and consuming after the broker comes back, losing nothing', async () => {
    const logger = createLogger({ name: 'restart-test', level: process.env.LOG_LEVEL ?? 'silent' });
    const bus = createKafkaBus({ brokers: [broker!.brokers], clientId: 'restart-test', logger, retryBaseMs: 5 });
    const topic = uniqueName('restart');
    const seen = new Set<number>();
    await bus.subscribe({ topic, groupId: uniqueName('g'), schema: Seq, handler: async (m) => { seen.add(m.value.seq); } });
    await bus.publish(topic, Array.from({ length: 10 }, (_, seq) => ({ key: `k${seq % 4}`, value: { seq } })));
    await waitUntil(() => seen.size === 10, 'the first ten arrive');

    await broker!.stop();
    // Published while the broker is down: the producer retries until it is back.
    const publishing = bus.publish(topic, Array.from({ length: 10 }, (_, i) => ({ key: `k${i % 4}`, value: { seq: 10 + i } })));
    const restartedAt = Date.now();
    await broker!.restart();
    const restartMs = Date.now() - restartedAt;
    await publishing;
    await waitUntil(() => seen.size === 20, 'all twenty arrive after the restart', { timeoutMs: 90_000 });
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(bus.stats().published[topic]).toBe(20);
    console.info(`[kafka-bus-restart] broker restart took ${restartMs} ms`);
    await bus.close();
  }, 240_000);
});
