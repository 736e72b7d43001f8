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
});
