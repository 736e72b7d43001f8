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
