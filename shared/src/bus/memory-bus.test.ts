import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitUntil, describeBusContract } from './bus.contract';
import { createMemoryBus } from './memory-bus';

describeBusContract('memory', async () => createMemoryBus({ retryBaseMs: 5, retryMaxMs: 50 }));

const Num = z.object({ n: z.number() }).strict();

describe('memory bus specifics', () => {
  it('drops the head of a log once every group has committed past it, and keeps the rest readable', async () => {
    const bus = createMemoryBus({ partitions: 1, trimChunk: 10 });
    const fast: number[] = [];
    await bus.subscribe({ topic: 't', groupId: 'fast', schema: Num, handler: async (m) => { fast.push(m.value.n); } });
    await bus.publish('t', Array.from({ length: 50 }, (_, n) => ({ key: 'k', value: { n } })));
    await waitUntil(() => fast.length === 50, 'the group reads 50');
    // A group that joins later with fromBeginning reads from the oldest retained message (like retention).
    const late: number[] = [];
    await bus.subscribe({ topic: 't', groupId: 'late', schema: Num, handler: async (m) => { late.push(m.value.n); } });
    await bus.publish('t', [{ key: 'k', value: { n: 50 } }]);
    await waitUntil(() => late.includes(50) && fast.length === 51, 'both read the new one');
    expect(late.length).toBeLessThan(51);
    await bus.close();
  });

  it('keeps a bounded tail of a topic that no group reads', async () => {
    const bus = createMemoryBus({ partitions: 1, maxUnreadPerPartition: 5 });
    await bus.publish('orphan', Array.from({ length: 20 }, (_, n) => ({ key: 'k', value: { n } })));
    const seen: number[] = [];
    await bus.subscribe({ topic: 'orphan', groupId: 'g', schema: Num, handler: async (m) => { seen.push(m.value.n); } });
    await waitUntil(() => seen.length === 5, 'the last five arrive');
    expect(seen).toEqual([15, 16, 17, 18, 19]);
    await bus.close();
  });

  it('lets a handler publish while the bus closes, and refuses to publish after', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    let published = false;
    let started = false;
    await bus.subscribe({
      topic: 'in', groupId: 'g', schema: Num,
      handler: async (m) => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 50));
        await bus.publish('out', [{ key: 'k', value: m.value }]);
        published = true;
      },
    });
    await bus.publish('in', [{ key: 'k', value: { n: 1 } }]);
    await waitUntil(() => started, 'the handler starts');
    await bus.close();
    expect(published).toBe(true);
    await expect(bus.publish('out', [{ key: 'k', value: { n: 2 } }])).rejects.toThrow(/closed/);
  });

  it('cuts a retry pause short on stop and leaves the message for the next member', async () => {
    const bus = createMemoryBus({ partitions: 1, retryBaseMs: 60_000 });
    let attempts = 0;
    const first = await bus.subscribe({
      topic: 't', groupId: 'g', schema: Num,
      handler: async () => { attempts++; throw new Error('always'); },
    });
    await bus.publish('t', [{ key: 'k', value: { n: 1 } }]);
    await waitUntil(() => attempts === 1, 'the first attempt fails');
    const stoppedAt = Date.now();
    await first.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
    const seen: number[] = [];
    await bus.subscribe({ topic: 't', groupId: 'g', schema: Num, handler: async (m) => { seen.push(m.value.n); } });
    await waitUntil(() => seen.length === 1, 'the next member gets it');
    expect(bus.stats().deadLettered.t ?? 0).toBe(0);
    await bus.close();
  });

  it('batch mode: lingers up to maxBatchWaitMs for a fuller batch, and not at all with 0', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    const lingering: number[][] = [];
    const eager: number[][] = [];
    await bus.subscribe({
      topic: 't', groupId: 'lingering', schema: Num, maxBatchWaitMs: 200,
      batchHandler: async (ms) => { lingering.push(ms.map((m) => m.value.n)); },
    });
    await bus.subscribe({
      topic: 't', groupId: 'eager', schema: Num, maxBatchWaitMs: 0,
      batchHandler: async (ms) => { eager.push(ms.map((m) => m.value.n)); },
    });
    for (let n = 0; n < 5; n++) {
      await bus.publish('t', [{ key: 'k', value: { n } }]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitUntil(() => lingering.flat().length === 5 && eager.flat().length === 5, 'both groups read five');
    expect(lingering).toEqual([[0, 1, 2, 3, 4]]);
    expect(eager.length).toBeGreaterThan(1);
    expect(eager.flat()).toEqual([0, 1, 2, 3, 4]);
    await bus.close();
  });

  it('batch mode: a full batch does not wait for the linger time', async () => {
    const bus = createMemoryBus({ partitions: 1 });
    const batches: number[][] = [];
    await bus.subscribe({
      topic: 't', groupId: 'g', schema: Num, maxBatchMessages: 3, maxBatchWaitMs: 60_000,
      batchHandler: async (ms) => { batches.push(ms.map((m) => m.value.n)); },
    });
    const startedAt = Date.now();
    await bus.publish('t', Array.from({ length: 6 }, (_, n) => ({ key: 'k', value: { n } })));
    await waitUntil(() => batches.length === 2, 'two full batches');
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5]]);
    await bus.publish('t', [{ key: 'k', value: { n: 6 } }]);
    const stoppedAt = Date.now();
    await bus.close(); // cuts the linger short
    expect(Date.now() - stoppedAt).toBeLessThan(1_000);
  });
});
