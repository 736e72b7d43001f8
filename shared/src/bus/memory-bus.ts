// The in-process bus: a runtime for one machine with the semantics the services rely on (not a Kafka
// imitation). Per-topic append-only logs split into partitions by key; consumer groups with committed offsets
// per partition; values stored as JSON text so they pass the same decode → validate → dead-letter path as on
// Kafka; a handler that throws is retried with backoff, then dead-lettered; an offset advances only after the
// handler resolved. Within a partition one handler runs at a time; different partitions run concurrently.
// A batch subscription gets what a partition has at hand (up to maxBatchMessages), after lingering up to
// maxBatchWaitMs for a fuller batch.
//
// Memory: a partition drops the prefix of its log that every group known for the topic has committed past
// (in chunks of `trimChunk` messages). A group that stopped keeps its committed offsets, and so keeps holding
// what it has not read yet, as on Kafka. A topic nobody ever subscribed to keeps its newest
// `maxUnreadPerPartition` messages per partition (like a retention limit; a warning is logged once).
import { pino } from 'pino';
import { DeadLetter } from '../contracts/dead-letter';
import { TopicPartitions, Topics } from '../contracts/topics';
import type { Logger } from '../logger';
import {
  checkSubscribeOptions, defaultMaxBatchMessages, defaultMaxBatchWaitMs, type Bus, type BusStats, type OutgoingMessage,
  type SubscribeOptions, type Subscription,
} from './bus';
import { partitionForKey } from './core/partition-for-key';
import { defaultRetryPolicy, type RetryPolicy } from './core/retry-delay';
import { serialiseMessages } from './core/serialise-messages';
import { deliver, deliverBatch, type Delivery, type RawMessage } from './deliver';
import { pause } from './core/pause';

export interface MemoryBusOptions {
  logger?: Logger;
  /** Partitions of every topic; default: TopicPartitions for the pipeline topics, 3 for any other. */
  partitions?: number;
  /** Pause after a handler's first failure, doubling after each further one (default 200). */
  retryBaseMs?: number;
  /** Upper bound of one pause between handler attempts (default 10000). */
  retryMaxMs?: number;
  /** Handler attempts in all when a subscription does not say (default 5). */
  maxHandlerAttempts?: number;
  /** Committed-by-everyone messages dropped at once from the head of a partition (default 1024). */
  trimChunk?: number;
  /** Messages kept per partition of a topic that no group reads (default 100000). */
  maxUnreadPerPartition?: number;
  now?: () => Date;
}

interface Entry {
  key: string;
  value: string;
}

interface PartitionLog {
  /** The offset of entries[0]. */
  base: number;
  entries: Entry[];
}

interface TopicLog {
  name: string;
  partitions: PartitionLog[];
  groups: Map<string, GroupState>;
  hasWarnedAboutRetention: boolean;
}

interface Member {
  id: number;
  options: SubscribeOptions<unknown>;
  isStopping: boolean;
  /** Aborted when the member stops: cuts a pause between retries short. */
  abort: AbortController;
  inFlight: Set<Promise<void>>;
  stopped?: Promise<void>;
}

/** One consumer group on one topic. */
interface GroupState {
  groupId: string;
  topic: TopicLog;
  /** The next offset to read, per partition. */
  committed: number[];
  members: Member[];
  /** partition → the member that handles it now. */
  assignment: (Member | undefined)[];
  isPumping: boolean[];
  /** partition → wakes a batch that lingers for more messages (checks whether enough arrived). */
  lingers: ((() => void) | undefined)[];
}

const logEnd = (log: PartitionLog) => log.base + log.entries.length;

export function createMemoryBus(options: MemoryBusOptions = {}): Bus {
  const logger = options.logger ?? pino({ level: 'silent' });
  const retry: RetryPolicy = {
    maxAttempts: options.maxHandlerAttempts ?? defaultRetryPolicy.maxAttempts,
    baseMs: options.retryBaseMs ?? defaultRetryPolicy.baseMs,
    maxMs: options.retryMaxMs ?? defaultRetryPolicy.maxMs,
  };
  const trimChunk = options.trimChunk ?? 1024;
  const maxUnreadPerPartition = options.maxUnreadPerPartition ?? 100_000;
  const now = options.now ?? (() => new Date());
  const topics = new Map<string, TopicLog>();
  const members = new Set<Member>();
  const stats: BusStats = { published: {}, consumed: {}, deadLettered: {} };
  let nextMemberId = 1;
  /** No new message starts once closing; in-flight handlers may still publish until closed. */
  let isClosing = false;
  let isClosed = false;

  const count = (table: Record<string, number>, topic: string, n = 1) => {
    table[topic] = (table[topic] ?? 0) + n;
  };

  const partitionCount = (topic: string): number =>
    options.partitions ?? (TopicPartitions as Record<string, number>)[topic] ?? 3;

  function topicLog(name: string): TopicLog {
    let log = topics.get(name);
    if (!log) {
      const partitions = Array.from({ length: partitionCount(name) }, () => ({ base: 0, entries: [] }));
      log = { name, partitions, groups: new Map(), hasWarnedAboutRetention: false };
      topics.set(name, log);
    }
    return log;
  }

  function append(topic: string, messages: { key: string; value: string }[]): void {
    const log = topicLog(topic);
    for (const message of messages) {
      const partition = partitionForKey(message.key, log.partitions.length);
      log.partitions[partition]!.entries.push(message);
    }
    count(stats.published, topic, messages.length);
    if (log.groups.size === 0) enforceRetention(log);
    for (const group of log.groups.values()) {
      for (let p = 0; p < log.partitions.length; p++) kick(group, p);
    }
  }

  function enforceRetention(log: TopicLog): void {
    for (const partition of log.partitions) {
      const excess = partition.entries.length - maxUnreadPerPartition;
      if (excess <= 0) continue;
      partition.entries.splice(0, excess);
      partition.base += excess;
      if (!log.hasWarnedAboutRetention) {
        log.hasWarnedAboutRetention = true;
        logger.warn({ event: 'bus.retention_trimmed', topic: log.name, maxUnreadPerPartition }, 'no group reads this topic; oldest messages dropped');
      }
    }
  }

  /** Drops the head of a partition once every group of the topic has committed past a whole chunk of it. */
  function trim(log: TopicLog, p: number): void {
    const partition = log.partitions[p]!;
    let lowest = Infinity;
    for (const group of log.groups.values()) lowest = Math.min(lowest, group.committed[p]!);
    const removable = lowest - partition.base;
    if (removable >= trimChunk) {
      partition.entries.splice(0, removable);
      partition.base = lowest;
    }
  }

  function assign(group: GroupState): void {
    const active = group.members.filter((member) => !member.isStopping);
    group.assignment = group.topic.partitions.map((_, p) => (active.length > 0 ? active[p % active.length] : undefined));
    const partitionCount = group.topic.partitions.length;
    for (const member of active) {
      member.options.onAssignment?.({ partitions: group.assignment.flatMap((m, p) => (m === member ? [p] : [])), partitionCount });
    }
    for (let p = 0; p < group.topic.partitions.length; p++) kick(group, p);
  }

  function kick(group: GroupState, p: number): void {
    group.lingers[p]?.();
    if (group.isPumping[p]) return;
    // Later, not now: a handler never runs inside the publish() or subscribe() call that woke it.
    setImmediate(() => void pump(group, p));
  }

  /** Resolves once the partition holds `target` messages, after `ms`, or when the member stops. */
  function linger(group: GroupState, p: number, member: Member, target: number, ms: number): Promise<void> {
    const partition = group.topic.partitions[p]!;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        member.abort.signal.removeEventListener('abort', done);
        group.lingers[p] = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      member.abort.signal.addEventListener('abort', done, { once: true });
      group.lingers[p] = () => {
        if (logEnd(partition) >= target) done();
      };
    });
  }

  /** Feeds one partition of one group to its assigned member, one message (or one batch) at a time, until caught up. */
  async function pump(group: GroupState, p: number): Promise<void> {
    if (group.isPumping[p]) return;
    group.isPumping[p] = true;
    let lingeredAt = -1;
    try {
      for (;;) {
        const member = group.assignment[p];
        const partition = group.topic.partitions[p]!;
        if (isClosing || !member || member.isStopping) return;
        if (group.committed[p]! < partition.base) group.committed[p] = partition.base; // trimmed by retention
        const offset = group.committed[p]!;
        if (offset >= logEnd(partition)) return;
        let work: Promise<void>;
        if (member.options.batchHandler) {
          const max = member.options.maxBatchMessages ?? defaultMaxBatchMessages;
          const waitMs = member.options.maxBatchWaitMs ?? defaultMaxBatchWaitMs;
          if (logEnd(partition) - offset < max && waitMs > 0 && lingeredAt !== offset) {
            lingeredAt = offset; // once per batch: then take what is there
            await linger(group, p, member, offset + max, waitMs);
            continue;
          }
          const from = offset - partition.base;
          work = handleBatch(group, member, p, offset, partition.entries.slice(from, from + max));
        } else {
          work = handleOne(group, member, p, offset, partition.entries[offset - partition.base]!);
        }
        member.inFlight.add(work);
        try {
          await work;
        } finally {
          member.inFlight.delete(work);
        }
      }
    } catch (error) {
      // Only a bug in the bus itself gets here (deliver() catches handler errors); try again later.
      logger.error({ event: 'bus.pump_failed', topic: group.topic.name, partition: p, groupId: group.groupId, err: error }, 'memory bus pump failed');
      setTimeout(() => kick(group, p), retry.maxMs).unref();
    } finally {
      group.isPumping[p] = false;
    }
  }

  async function handleOne(group: GroupState, member: Member, p: number, offset: number, entry: Entry): Promise<void> {
    const raw: RawMessage = { topic: group.topic.name, partition: p, offset: String(offset), key: entry.key, value: entry.value };
    const delivery: Delivery = await deliver(raw, member.options, {
      retry,
      now,
      logger,
      pause: (ms) => pause(ms, member.abort.signal),
    });
    switch (delivery.outcome) {
      case 'interrupted':
        return; // not committed: the next member of the group (or a restart) reads it again
      case 'handled':
        count(stats.consumed, raw.topic);
        break;
      case 'dead-letter':
        count(stats.deadLettered, raw.topic);
        if (raw.topic === Topics.deadLetter) {
          // Re-publishing would loop forever; the record is in the log line.
          logger.error({ event: 'bus.dead_letter_unreadable', offset: raw.offset, deadLetter: delivery.deadLetter }, 'a dead-letter record could not be handled');
        } else {
          append(Topics.deadLetter, serialiseMessages(Topics.deadLetter, [{ key: raw.key ?? '', value: DeadLetter.parse(delivery.deadLetter) }]));
        }
        break;
      default: {
        const unreachable: never = delivery;
        throw new Error(`unknown delivery ${JSON.stringify(unreachable)}`);
      }
    }
    group.committed[p] = offset + 1;
    trim(group.topic, p);
  }

  async function handleBatch(group: GroupState, member: Member, p: number, offset: number, entries: Entry[]): Promise<void> {
    const topic = group.topic.name;
    const raws: RawMessage[] = entries.map((entry, i) => ({ topic, partition: p, offset: String(offset + i), key: entry.key, value: entry.value }));
    const delivery = await deliverBatch(raws, member.options, {
      retry,
      now,
      logger,
      pause: (ms) => pause(ms, member.abort.signal),
    });
    const deadLetters: { key: string; value: DeadLetter }[] = [];
    delivery.items.forEach((item, i) => {
      if (item.outcome === 'handled') {
        count(stats.consumed, topic);
        return;
      }
      count(stats.deadLettered, topic);
      if (topic === Topics.deadLetter) {
        logger.error({ event: 'bus.dead_letter_unreadable', offset: raws[i]!.offset, deadLetter: item.deadLetter }, 'a dead-letter record could not be handled');
      } else {
        deadLetters.push({ key: raws[i]!.key ?? '', value: DeadLetter.parse(item.deadLetter) });
      }
    });
    if (deadLetters.length > 0) append(Topics.deadLetter, serialiseMessages(Topics.deadLetter, deadLetters));
    // Only the committable prefix: after an interrupted retry the rest is read again by the next member.
    group.committed[p] = offset + delivery.items.length;
    trim(group.topic, p);
  }

  return {
    kind: 'memory',

    async publish<T>(topic: string, messages: OutgoingMessage<T>[]): Promise<void> {
      if (isClosed) throw new Error(`cannot publish to "${topic}": the bus is closed`);
      if (messages.length === 0) return;
      append(topic, serialiseMessages(topic, messages));
    },

    async subscribe<T>(subscribeOptions: SubscribeOptions<T>): Promise<Subscription> {
      if (isClosing) throw new Error(`cannot subscribe to "${subscribeOptions.topic}": the bus is closed`);
      checkSubscribeOptions(subscribeOptions as SubscribeOptions<unknown>);
      const log = topicLog(subscribeOptions.topic);
      let group = log.groups.get(subscribeOptions.groupId);
      if (!group) {
        const isFromBeginning = subscribeOptions.fromBeginning ?? true;
        group = {
          groupId: subscribeOptions.groupId,
          topic: log,
          committed: log.partitions.map((partition) => (isFromBeginning ? partition.base : logEnd(partition))),
          members: [],
          assignment: [],
          isPumping: log.partitions.map(() => false),
          lingers: log.partitions.map(() => undefined),
        };
        log.groups.set(group.groupId, group);
      }
      const member: Member = {
        id: nextMemberId++,
        options: subscribeOptions as SubscribeOptions<unknown>,
        isStopping: false,
        abort: new AbortController(),
        inFlight: new Set(),
      };
      group.members.push(member);
      members.add(member);
      assign(group);
      const joined = group;

      const stop = (): Promise<void> => {
        if (member.stopped) return member.stopped;
        member.isStopping = true;
        member.abort.abort();
        joined.members = joined.members.filter((m) => m !== member);
        assign(joined); // the partitions move on once this member's in-flight message is done
        member.stopped = Promise.allSettled([...member.inFlight]).then(() => {
          members.delete(member);
        });
        return member.stopped;
      };
      return { stop };
    },

    stats(): BusStats {
      return { published: { ...stats.published }, consumed: { ...stats.consumed }, deadLettered: { ...stats.deadLettered } };
    },

    async close(): Promise<void> {
      isClosing = true;
      const inFlight: Promise<void>[] = [];
      for (const member of members) {
        member.isStopping = true;
        member.abort.abort();
        inFlight.push(...member.inFlight);
      }
      await Promise.allSettled(inFlight);
      isClosed = true;
    },
  };
}

