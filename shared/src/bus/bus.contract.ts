// One behaviour suite for every Bus implementation: what the services may rely on, run against the memory
// bus and against a real Kafka broker. Each test uses its own random topic and group.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DeadLetter } from '../contracts/dead-letter';
import { Topics } from '../contracts/topics';
import type { Bus, IncomingMessage, Subscription } from './bus';

export interface BusContractOptions {
  /** Writes raw bytes to a topic, bypassing publish() (which only takes JSON values); enables the invalid-JSON case. */
  publishRaw?: (topic: string, key: string, text: string) => Promise<void>;
  /** How long to wait for an expected delivery (default 20000 ms). */
  deliveryTimeoutMs?: number;
}

/** Polls `condition` until it holds, failing with `what` after the deadline: no fixed sleeps in tests. */
export async function waitUntil(
  condition: () => boolean,
  what: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 10));
  }
}

export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

const Ping = z.object({ schemaVersion: z.literal(1), key: z.string(), seq: z.number().int() }).strict();
type Ping = z.infer<typeof Ping>;
const ping = (key: string, seq: number): { key: string; value: Ping } => ({ key, value: { schemaVersion: 1, key, seq } });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function describeBusContract(name: string, makeBus: () => Promise<Bus>, options: BusContractOptions = {}): void {
  const timeoutMs = options.deliveryTimeoutMs ?? 20_000;
  const wait = (condition: () => boolean, what: string) => waitUntil(condition, what, { timeoutMs });

  describe(`${name} bus contract`, () => {
    const opened: Bus[] = [];
    const open = async (): Promise<Bus> => {
      const bus = await makeBus();
      opened.push(bus);
      return bus;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((bus) => bus.close()));
    });

    /** Collects the dead-letter records whose source is `sourceTopic`. */
    const watchDeadLetters = async (bus: Bus, sourceTopic: string): Promise<DeadLetter[]> => {
      const records: DeadLetter[] = [];
      await bus.subscribe({
        topic: Topics.deadLetter,
        groupId: uniqueName('dead-letter-watch'),
        schema: DeadLetter,
        fromBeginning: true,
        handler: async (message) => {
          if (message.value.sourceTopic === sourceTopic) records.push(message.value);
        },
      });
      return records;
    };

    it('delivers a publish larger than the broker takes in one record batch, whole and in order (one key, one partition)', async () => {
      // 500 long posts with one key: ≈ 2.5 MB for one partition, over Kafka's default message.max.bytes (1 MiB).
      const Long = z.object({ schemaVersion: z.literal(1), seq: z.number().int(), text: z.string() }).strict();
      const bus = await open();
      const topic = uniqueName('large-publish');
      const seen: number[] = [];
      await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Long, maxBatchMessages: 500,
        batchHandler: async (messages) => { for (const m of messages) seen.push(m.value.seq); },
      });
      const text = 'Во дворе на улице Гагарина прорвало трубу, вода стоит по колено. '.repeat(40);
      await bus.publish(topic, Array.from({ length: 500 }, (_, seq) => ({ key: 'one-author', value: { schemaVersion: 1 as const, seq, text } })));
      await wait(() => seen.length >= 500, 'all 500 long messages arrive');
      expect(seen).toEqual(Array.from({ length: 500 }, (_, seq) => seq));
    });

    it('tells each member of a group which partitions it owns: disjoint, covering the topic, after every rebalance', async () => {
      const bus = await open();
      const topic = uniqueName('assignment');
      const groupId = uniqueName('g');
      const latest: (readonly number[] | null)[] = [null, null];
      let count = 0;
      const member = (i: number) => bus.subscribe({
        topic, groupId, schema: Ping, handler: async () => undefined,
        onAssignment: ({ partitions, partitionCount }) => { latest[i] = partitions; count = partitionCount; },
      });
      const first = await member(0);
      await wait(() => count > 0 && latest[0]?.length === count, 'the only member owns every partition');
      expect(count).toBeGreaterThan(1);
      await member(1);
      const isSplit = () => {
        const [a, b] = latest;
        if (!a || !b || a.length === 0 || b.length === 0) return false;
        return a.length + b.length === count && new Set([...a, ...b]).size === count;
      };
      await wait(isSplit, 'the two members split the partitions');
      await first.stop();
      // kafkajs: the remaining member is told after the rebalance; the memory bus reassigns at once.
      await wait(() => latest[1]?.length === count, 'the remaining member owns every partition again');
    });

    it('delivers published messages with their keys, topic, partition and offset', async () => {
      const bus = await open();
      const topic = uniqueName('round-trip');
      const seen: IncomingMessage<Ping>[] = [];
      await bus.subscribe({ topic, groupId: uniqueName('g'), schema: Ping, handler: async (m) => { seen.push(m); } });
      await bus.publish(topic, [ping('a', 1), ping('b', 2), ping('Липецк', 3)]);
      await wait(() => seen.length === 3, 'three messages arrive');
      const byKey = new Map(seen.map((m) => [m.key, m]));
      expect([...byKey.keys()].sort()).toEqual(['a', 'b', 'Липецк'].sort());
      expect(byKey.get('Липецк')!.value).toEqual({ schemaVersion: 1, key: 'Липецк', seq: 3 });
      for (const message of seen) {
        expect(message.topic).toBe(topic);
        expect(Number.isInteger(message.partition)).toBe(true);
        expect(message.offset).toMatch(/^\d+$/);
      }
    });

    it('keeps the order of messages with the same key, even with handlers of varying speed', async () => {
      const bus = await open();
      const topic = uniqueName('ordering');
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      const perKey = new Map<string, number[]>(keys.map((k) => [k, []]));
      await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping,
        handler: async (m) => {
          if (m.value.seq % 3 === 0) await sleep(2);
          perKey.get(m.value.key)!.push(m.value.seq);
        },
      });
      for (let batch = 0; batch < 4; batch++) {
        const messages = [];
        for (let i = 0; i < 10; i++) for (const key of keys) messages.push(ping(key, batch * 10 + i));
        await bus.publish(topic, messages);
      }
      await wait(() => [...perKey.values()].every((seqs) => seqs.length === 40), 'every key gets 40 messages');
      const expected = Array.from({ length: 40 }, (_, i) => i);
      for (const key of keys) expect(perKey.get(key)).toEqual(expected);
    });

    it('shares the partitions of a group between its members and handles each message once', async () => {
      const bus = await open();
      const topic = uniqueName('shared-group');
      const groupId = uniqueName('g');
      const byMember: Ping[][] = [[], []];
      for (const member of [0, 1]) {
        await bus.subscribe({ topic, groupId, schema: Ping, handler: async (m) => { byMember[member]!.push(m.value); } });
      }
      await bus.publish(topic, Array.from({ length: 60 }, (_, i) => ping(`key-${i}`, i)));
      const total = () => byMember[0]!.length + byMember[1]!.length;
      await wait(() => total() >= 60, 'the group handles all 60 messages');
      await bus.close(); // waits for anything still in flight, so a late duplicate would be counted
      const seqs = [...byMember[0]!, ...byMember[1]!].map((p) => p.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i));
      expect(byMember[0]!.length).toBeGreaterThan(0);
      expect(byMember[1]!.length).toBeGreaterThan(0);
    });

    it('gives every group the whole stream', async () => {
      const bus = await open();
      const topic = uniqueName('two-groups');
      const seen = { first: [] as number[], second: [] as number[] };
      for (const group of ['first', 'second'] as const) {
        await bus.subscribe({ topic, groupId: uniqueName(group), schema: Ping, handler: async (m) => { seen[group].push(m.value.seq); } });
      }
      await bus.publish(topic, Array.from({ length: 20 }, (_, i) => ping(`key-${i % 7}`, i)));
      await wait(() => seen.first.length >= 20 && seen.second.length >= 20, 'both groups see 20 messages');
      const all = Array.from({ length: 20 }, (_, i) => i);
      expect([...seen.first].sort((a, b) => a - b)).toEqual(all);
      expect([...seen.second].sort((a, b) => a - b)).toEqual(all);
    });

    it('dead-letters a message of the wrong shape with the reason and goes on with the next one', async () => {
      const bus = await open();
      const topic = uniqueName('invalid');
      const groupId = uniqueName('g');
      const deadLetters = await watchDeadLetters(bus, topic);
      const handled: number[] = [];
      await bus.subscribe({ topic, groupId, schema: Ping, handler: async (m) => { handled.push(m.value.seq); } });
      await bus.publish<unknown>(topic, [{ key: 'same', value: { schemaVersion: 1, key: 'same', seq: 'one' } }, ping('same', 2)]);
      await wait(() => handled.length === 1 && deadLetters.length === 1, 'one handled and one dead-lettered');
      expect(handled).toEqual([2]);
      const [record] = deadLetters;
      expect(record).toMatchObject({ schemaVersion: 1, sourceTopic: topic, consumerGroup: groupId, key: 'same' });
      expect(record!.error).toMatch(/invalid_shape: seq: /);
      expect(JSON.parse(record!.value)).toEqual({ schemaVersion: 1, key: 'same', seq: 'one' });
      expect(bus.stats().deadLettered[topic]).toBe(1);
    });

    it.runIf(options.publishRaw !== undefined)('dead-letters bytes that are not JSON and goes on', async () => {
      const bus = await open();
      const topic = uniqueName('not-json');
      const deadLetters = await watchDeadLetters(bus, topic);
      const handled: number[] = [];
      await bus.subscribe({ topic, groupId: uniqueName('g'), schema: Ping, handler: async (m) => { handled.push(m.value.seq); } });
      await options.publishRaw!(topic, 'same', '{"schemaVersion":1,');
      await bus.publish(topic, [ping('same', 7)]);
      await wait(() => handled.length === 1 && deadLetters.length === 1, 'one handled and one dead-lettered');
      expect(handled).toEqual([7]);
      expect(deadLetters[0]!.error).toMatch(/^invalid_json: /);
      expect(deadLetters[0]!.value).toBe('{"schemaVersion":1,');
    });

    it('retries a throwing handler, then dead-letters the message with the error and goes on', async () => {
      const bus = await open();
      const topic = uniqueName('poison');
      const deadLetters = await watchDeadLetters(bus, topic);
      const attempts = new Map<number, number>();
      const handled: number[] = [];
      await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping, maxHandlerAttempts: 3,
        handler: async (m) => {
          const n = (attempts.get(m.value.seq) ?? 0) + 1;
          attempts.set(m.value.seq, n);
          if (m.value.seq === 1) throw new Error('downstream is broken for seq 1');
          if (m.value.seq === 2 && n === 1) throw new Error('a transient failure');
          handled.push(m.value.seq);
        },
      });
      await bus.publish(topic, [ping('same', 1), ping('same', 2), ping('same', 3)]);
      await wait(() => handled.length === 2 && deadLetters.length === 1, 'two handled and one dead-lettered');
      expect(handled).toEqual([2, 3]);
      expect(Object.fromEntries(attempts)).toEqual({ 1: 3, 2: 2, 3: 1 });
      expect(deadLetters[0]!.error).toContain('handler_failed after 3 attempts');
      expect(deadLetters[0]!.error).toContain('downstream is broken for seq 1');
      expect(JSON.parse(deadLetters[0]!.value)).toEqual({ schemaVersion: 1, key: 'same', seq: 1 });
    });

    it('commits only after the handler: a group stopped mid-stream resumes where it was, losing nothing', async () => {
      const bus = await open();
      const topic = uniqueName('resume');
      const groupId = uniqueName('g');
      const seen: number[] = [];
      const slowHandler = async (m: IncomingMessage<Ping>) => {
        await sleep(20);
        seen.push(m.value.seq);
      };
      const first = await bus.subscribe({ topic, groupId, schema: Ping, handler: slowHandler });
      await bus.publish(topic, Array.from({ length: 30 }, (_, i) => ping('one-key', i)));
      await wait(() => seen.length >= 5, 'five messages handled');
      await first.stop();
      const seenBeforeRestart = seen.length;
      expect(seenBeforeRestart).toBeLessThan(30);
      await bus.subscribe({ topic, groupId, schema: Ping, handler: slowHandler });
      await wait(() => new Set(seen).size === 30, 'all 30 messages handled across the restart');
      const counts = new Map<number, number>();
      for (const seq of seen) counts.set(seq, (counts.get(seq) ?? 0) + 1);
      const repeated = [...counts.values()].filter((n) => n > 1).length;
      expect(repeated).toBeLessThanOrEqual(1); // at most the message in flight at the stop
      expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    });

    it('a graceful stop waits for the handler in flight and starts nothing new', async () => {
      const bus = await open();
      const topic = uniqueName('graceful');
      const started: number[] = [];
      const finished: number[] = [];
      const subscription: Subscription = await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping,
        handler: async (m) => {
          started.push(m.value.seq);
          await sleep(300);
          finished.push(m.value.seq);
        },
      });
      await bus.publish(topic, [ping('same', 1), ping('same', 2)]);
      await wait(() => started.length === 1, 'the first handler starts');
      await subscription.stop();
      expect(finished).toEqual([1]);
      await sleep(50);
      expect(started).toEqual([1]);
    });

    it('starts a new group at the end of the log when fromBeginning is false', async () => {
      const bus = await open();
      const topic = uniqueName('from-end');
      await bus.publish(topic, [ping('a', 1), ping('b', 2)]);
      const earlyGroup: number[] = [];
      await bus.subscribe({ topic, groupId: uniqueName('early'), schema: Ping, handler: async (m) => { earlyGroup.push(m.value.seq); } });
      await wait(() => earlyGroup.length === 2, 'the existing messages are readable');
      const lateGroup: number[] = [];
      await bus.subscribe({
        topic, groupId: uniqueName('late'), schema: Ping, fromBeginning: false,
        handler: async (m) => { lateGroup.push(m.value.seq); },
      });
      await bus.publish(topic, [ping('a', 3)]);
      await wait(() => lateGroup.length >= 1 && earlyGroup.length === 3, 'the new message arrives');
      expect(lateGroup).toEqual([3]);
    });

    it('counts published, consumed and dead-lettered messages per topic', async () => {
      const bus = await open();
      const topic = uniqueName('stats');
      const handled: number[] = [];
      await bus.subscribe({ topic, groupId: uniqueName('g'), schema: Ping, handler: async (m) => { handled.push(m.value.seq); } });
      await bus.publish<unknown>(topic, [ping('a', 1), ping('a', 2), { key: 'a', value: { wrong: true } }]);
      await wait(() => handled.length === 2 && (bus.stats().deadLettered[topic] ?? 0) === 1, 'two consumed, one dead-lettered');
      const stats = bus.stats();
      expect(stats.published[topic]).toBe(3);
      expect(stats.consumed[topic]).toBe(2);
      expect(stats.deadLettered[topic]).toBe(1);
      expect(stats.published[Topics.deadLetter]).toBeGreaterThanOrEqual(1);
    });

    // ---- batch mode (batchHandler) ----

    it('batch mode: hands over messages of one partition, in order per key, in batches of at most maxBatchMessages', async () => {
      const bus = await open();
      const topic = uniqueName('batch-order');
      const keys = ['k1', 'k2', 'k3', 'k4', 'k5'];
      const perKey = new Map<string, number[]>(keys.map((k) => [k, []]));
      const batches: IncomingMessage<Ping>[][] = [];
      await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping, maxBatchMessages: 7,
        batchHandler: async (messages) => {
          batches.push(messages);
          if (messages.length % 2 === 0) await sleep(2);
          for (const m of messages) perKey.get(m.value.key)!.push(m.value.seq);
        },
      });
      for (let round = 0; round < 4; round++) {
        const messages = [];
        for (let i = 0; i < 10; i++) for (const key of keys) messages.push(ping(key, round * 10 + i));
        await bus.publish(topic, messages);
      }
      await wait(() => [...perKey.values()].every((seqs) => seqs.length === 40), 'every key gets 40 messages');
      const expected = Array.from({ length: 40 }, (_, i) => i);
      for (const key of keys) expect(perKey.get(key)).toEqual(expected);
      for (const batch of batches) {
        expect(batch.length).toBeGreaterThan(0);
        expect(batch.length).toBeLessThanOrEqual(7);
        expect(new Set(batch.map((m) => m.partition)).size).toBe(1);
        const offsets = batch.map((m) => BigInt(m.offset));
        for (let i = 1; i < offsets.length; i++) expect(offsets[i]! > offsets[i - 1]!).toBe(true);
      }
      expect(batches.some((batch) => batch.length > 1)).toBe(true);
    });

    it('batch mode: commits only after the batch handler resolved; a group stopped mid-stream resumes losing nothing', async () => {
      const bus = await open();
      const topic = uniqueName('batch-resume');
      const groupId = uniqueName('g');
      const seen: number[] = [];
      const slowBatch = async (messages: IncomingMessage<Ping>[]) => {
        await sleep(30);
        for (const m of messages) seen.push(m.value.seq);
      };
      const first = await bus.subscribe({ topic, groupId, schema: Ping, maxBatchMessages: 4, batchHandler: slowBatch });
      await bus.publish(topic, Array.from({ length: 40 }, (_, i) => ping('one-key', i)));
      await wait(() => seen.length >= 8, 'two batches handled');
      await first.stop();
      const seenBeforeRestart = seen.length;
      expect(seenBeforeRestart).toBeLessThan(40);
      const failing = await bus.subscribe({
        topic, groupId, schema: Ping, maxBatchMessages: 4, maxHandlerAttempts: 100,
        batchHandler: async () => { throw new Error('not now'); },
      });
      await sleep(100);
      await failing.stop(); // a batch that never succeeded is not committed
      expect(seen.length).toBe(seenBeforeRestart);
      await bus.subscribe({ topic, groupId, schema: Ping, maxBatchMessages: 4, batchHandler: slowBatch });
      await wait(() => new Set(seen).size === 40, 'all 40 messages handled across the restarts');
      const counts = new Map<number, number>();
      for (const seq of seen) counts.set(seq, (counts.get(seq) ?? 0) + 1);
      const repeated = [...counts.values()].filter((n) => n > 1).length;
      expect(repeated).toBeLessThanOrEqual(4); // at most the batch in flight at the first stop
      expect([...new Set(seen)].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(bus.stats().deadLettered[topic] ?? 0).toBe(0);
    });

    it('batch mode: retries a failing batch, then isolates the poison message one at a time and dead-letters only it', async () => {
      const bus = await open();
      const topic = uniqueName('batch-poison');
      const deadLetters = await watchDeadLetters(bus, topic);
      const handled: number[] = [];
      const calls: number[][] = [];
      await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping, maxHandlerAttempts: 2,
        batchHandler: async (messages) => {
          calls.push(messages.map((m) => m.value.seq));
          if (messages.some((m) => m.value.seq === 3)) throw new Error('downstream is broken for seq 3');
          for (const m of messages) handled.push(m.value.seq);
        },
      });
      await bus.publish(topic, [1, 2, 3, 4, 5].map((seq) => ping('same', seq)));
      await wait(() => handled.length === 4 && deadLetters.length === 1, 'four handled and one dead-lettered');
      expect(handled).toEqual([1, 2, 4, 5]);
      expect(calls.filter((c) => c.length === 1 && c[0] === 3)).toHaveLength(2); // the poison alone, maxHandlerAttempts times
      expect(deadLetters[0]!.error).toContain('handler_failed after 2 attempts');
      expect(deadLetters[0]!.error).toContain('downstream is broken for seq 3');
      expect(JSON.parse(deadLetters[0]!.value)).toEqual({ schemaVersion: 1, key: 'same', seq: 3 });
      await wait(() => (bus.stats().consumed[topic] ?? 0) === 4, 'four counted as consumed');
      expect(bus.stats().deadLettered[topic]).toBe(1);
    });

    it('batch mode: a transient error (retriable) does not spend attempts nor dead-letter', async () => {
      const bus = await open();
      const topic = uniqueName('batch-transient');
      const handled: number[] = [];
      let failures = 0;
      await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping, maxHandlerAttempts: 1,
        batchHandler: async (messages) => {
          if (failures < 3) {
            failures++;
            throw Object.assign(new Error('store unreachable'), { retriable: true });
          }
          for (const m of messages) handled.push(m.value.seq);
        },
      });
      await bus.publish(topic, [ping('same', 1), ping('same', 2)]);
      await wait(() => handled.length === 2, 'both handled after the store came back');
      expect(handled).toEqual([1, 2]);
      expect(bus.stats().deadLettered[topic] ?? 0).toBe(0);
    });

    it('batch mode: dead-letters invalid messages with the reason and still hands the valid ones to the handler', async () => {
      const bus = await open();
      const topic = uniqueName('batch-invalid');
      const groupId = uniqueName('g');
      const deadLetters = await watchDeadLetters(bus, topic);
      const batches: number[][] = [];
      await bus.subscribe({
        topic, groupId, schema: Ping,
        batchHandler: async (messages) => { batches.push(messages.map((m) => m.value.seq)); },
      });
      await bus.publish<unknown>(topic, [
        ping('same', 1), { key: 'same', value: { schemaVersion: 1, key: 'same', seq: 'two' } }, ping('same', 3),
      ]);
      await wait(() => batches.flat().length === 2 && deadLetters.length === 1, 'two handled and one dead-lettered');
      expect(batches.flat()).toEqual([1, 3]);
      expect(deadLetters[0]).toMatchObject({ sourceTopic: topic, consumerGroup: groupId, key: 'same' });
      expect(deadLetters[0]!.error).toMatch(/invalid_shape: seq: /);
      expect(JSON.parse(deadLetters[0]!.value)).toEqual({ schemaVersion: 1, key: 'same', seq: 'two' });
      await wait(() => (bus.stats().consumed[topic] ?? 0) === 2, 'two counted as consumed');
      expect(bus.stats().deadLettered[topic]).toBe(1);
    });

    it.runIf(options.publishRaw !== undefined)('batch mode: dead-letters bytes that are not JSON and goes on', async () => {
      const bus = await open();
      const topic = uniqueName('batch-not-json');
      const deadLetters = await watchDeadLetters(bus, topic);
      const handled: number[] = [];
      await bus.subscribe({ topic, groupId: uniqueName('g'), schema: Ping, batchHandler: async (ms) => { for (const m of ms) handled.push(m.value.seq); } });
      await options.publishRaw!(topic, 'same', '{"schemaVersion":1,');
      await bus.publish(topic, [ping('same', 7)]);
      await wait(() => handled.length === 1 && deadLetters.length === 1, 'one handled and one dead-lettered');
      expect(handled).toEqual([7]);
      expect(deadLetters[0]!.error).toMatch(/^invalid_json: /);
    });

    it('batch mode: a graceful stop waits for the batch in flight and starts nothing new', async () => {
      const bus = await open();
      const topic = uniqueName('batch-graceful');
      const started: number[][] = [];
      const finished: number[][] = [];
      const subscription = await bus.subscribe({
        topic, groupId: uniqueName('g'), schema: Ping, maxBatchMessages: 2,
        batchHandler: async (messages) => {
          const seqs = messages.map((m) => m.value.seq);
          started.push(seqs);
          await sleep(300);
          finished.push(seqs);
        },
      });
      await bus.publish(topic, [1, 2, 3, 4].map((seq) => ping('same', seq)));
      await wait(() => started.length === 1, 'the first batch starts');
      await subscription.stop();
      expect(finished).toEqual(started);
      await sleep(50);
      expect(started).toHaveLength(1);
    });

    it('refuses a subscription with both handler and batchHandler, or with neither', async () => {
      const bus = await open();
      const topic = uniqueName('both');
      const both = { topic, groupId: uniqueName('g'), schema: Ping, handler: async () => {}, batchHandler: async () => {} };
      await expect(bus.subscribe(both as never)).rejects.toThrow(/exactly one of handler and batchHandler/);
      await expect(bus.subscribe({ topic, groupId: uniqueName('g'), schema: Ping } as never)).rejects.toThrow(/exactly one of handler and batchHandler/);
      await expect(bus.subscribe({ topic, groupId: uniqueName('g'), schema: Ping, maxBatchMessages: 0, batchHandler: async () => {} })).rejects.toThrow(/maxBatchMessages/);
    });

    it('refuses to publish a value that JSON cannot carry, and publishes nothing of that batch', async () => {
      const bus = await open();
      const topic = uniqueName('unserialisable');
      const circular: Record<string, unknown> = { schemaVersion: 1 };
      circular.self = circular;
      await expect(bus.publish<unknown>(topic, [ping('a', 1), { key: 'b', value: circular }])).rejects.toThrow(/message #1 \(key "b"\) is not JSON-serialisable/);
      await expect(bus.publish(topic, [{ key: 'c', value: { n: 10n } }])).rejects.toThrow(/not JSON-serialisable/);
      expect(bus.stats().published[topic] ?? 0).toBe(0);
    });
  });
}
