import { describe, expect, it } from 'vitest';
import { createKeyPartitioner, murmur2, partitionForKey } from './partition-for-key';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('murmur2', () => {
  // Reference values from Kafka's UtilsTest.testMurmur2.
  it.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('hashes %s as Kafka does', (text, expected) => {
    expect(murmur2(utf8(text))).toBe(expected);
  });
});

describe('partitionForKey', () => {
  it('is stable and within range', () => {
    for (const key of ['a', 'post:vk:1', 'Липецк', '']) {
      const partition = partitionForKey(key, 6);
      expect(partition).toBeGreaterThanOrEqual(0);
      expect(partition).toBeLessThan(6);
      expect(partitionForKey(key, 6)).toBe(partition);
    }
  });

  it('spreads many keys over every partition', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200; i++) seen.add(partitionForKey(`key-${i}`, 6));
    expect(seen.size).toBe(6);
  });

  it('agrees with the kafkajs default partitioner', async () => {
    const { Partitioners } = await import('kafkajs');
    const partitioner = Partitioners.DefaultPartitioner();
    const partitionMetadata = [0, 1, 2, 3, 4].map((partitionId) => ({
      partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0], offlineReplicas: [],
    }));
    for (let i = 0; i < 100; i++) {
      const key = `incident-${i}-Елец`;
      const expected = partitioner({ topic: 't', partitionMetadata, message: { key, value: null } });
      expect(partitionForKey(key, 5)).toBe(expected);
    }
  });

  it('puts every message where the kafkajs default partitioner does (string and buffer keys, long keys, a given partition)', async () => {
    const { Partitioners } = await import('kafkajs');
    const theirs = Partitioners.DefaultPartitioner();
    const ours = createKeyPartitioner();
    const partitionMetadata = [0, 1, 2, 3, 4, 5].map((partitionId) => ({
      partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0], offlineReplicas: [],
    }));
    const keys: (string | Buffer)[] = ['', 'a', 'Ё', '𝔸𝔹', 'inc:vk:wall-1_2', 'Ж'.repeat(300), 'x'.repeat(1000)];
    for (let i = 0; i < 300; i++) keys.push(`inc:kburst${i * 7919}:synth-${i}-Елец`);
    for (let i = 0; i < 20; i++) keys.push(Buffer.from(`buffer-key-${i}`));
    for (const key of keys) {
      const message = { key, value: null };
      expect(ours({ topic: 't', partitionMetadata, message })).toBe(theirs({ topic: 't', partitionMetadata, message }));
    }
    expect(ours({ topic: 't', partitionMetadata, message: { key: 'k', partition: 4 } })).toBe(4);
  });

  it('spreads keyless messages over the partitions that have a leader', () => {
    const ours = createKeyPartitioner();
    const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: partitionId === 1 ? -1 : 0 }));
    const seen = new Set<number>();
    for (let i = 0; i < 50; i++) seen.add(ours({ topic: 't', partitionMetadata, message: { key: null } }));
    expect([...seen].sort()).toEqual([0, 2]);
  });

  it('rejects a non-positive partition count', () => {
    expect(() => partitionForKey('a', 0)).toThrow(RangeError);
  });
});
