// The Bus interface: publish keyed messages, consume as a group, commit only after the handler succeeded.
import type { ZodType } from 'zod';

export interface OutgoingMessage<T> {
  key: string;
  value: T;
}

export interface IncomingMessage<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: T;
}

interface SubscribeCommon<T> {
  topic: string;
  groupId: string;
  /** Every message is validated with it; a failure goes to the dead-letter topic with the reason. */
  schema: ZodType<T>;
  /** Where a new group starts: true = the beginning of the log (default true). */
  fromBeginning?: boolean;
  /** A handler that throws is retried this many times with backoff, then the message is dead-lettered. */
  maxHandlerAttempts?: number;
  /**
   * Which partitions of the topic this subscription handles now: called when it joins its group and after every
   * rebalance (an empty list while a rebalance is under way), with the topic's partition count, so that a service
   * can act only on the keys it owns (sla-watch's timer, with several instances).
   */
  onAssignment?: (assignment: PartitionAssignment) => void;
}

export interface PartitionAssignment {
  partitions: readonly number[];
  partitionCount: number;
}

/** One message at a time. */
export interface SubscribeOneByOne<T> extends SubscribeCommon<T> {
  /** Runs once per message, in order per key; the offset is committed only after it resolves. */
  handler: (message: IncomingMessage<T>) => Promise<void>;
  batchHandler?: never;
  maxBatchMessages?: never;
  maxBatchWaitMs?: never;
}

/**
 * Batches: the messages of ONE partition, in order (so in order per key), valid ones only. Invalid messages are
 * dead-lettered with the reason and left out; the rest is still handled. The offsets of a batch are committed
 * only after `batchHandler` resolved. A batch whose handler throws is retried with backoff (maxHandlerAttempts;
 * a transient error does not spend attempts); when every attempt failed, its messages are handled one at a
 * time (`batchHandler` with a 1-message array) so that only the failing message is dead-lettered. The handler
 * must therefore be idempotent, as it is anyway under at-least-once delivery.
 */
export interface SubscribeBatched<T> extends SubscribeCommon<T> {
  handler?: never;
  batchHandler: (messages: IncomingMessage<T>[]) => Promise<void>;
  /** At most this many messages per batch (default 500). */
  maxBatchMessages?: number;
  /**
   * When fewer than maxBatchMessages are at hand, wait at most this long for more (default 20; 0 = never wait).
   * Memory bus: lingers this long after the first message of a batch is available. Kafka: a batch is what one
   * fetch returned (everything the broker had, up to the fetch size), cut into maxBatchMessages pieces.
   */
  maxBatchWaitMs?: number;
}

/** Exactly one of `handler` (one message at a time) and `batchHandler`. */
export type SubscribeOptions<T> = SubscribeOneByOne<T> | SubscribeBatched<T>;

export const defaultMaxBatchMessages = 500;
export const defaultMaxBatchWaitMs = 20;

/** Throws when a subscription names neither or both handlers, or a bad batch size. */
export function checkSubscribeOptions(options: SubscribeOptions<unknown>): void {
  const hasHandler = typeof options.handler === 'function';
  const hasBatchHandler = typeof options.batchHandler === 'function';
  if (hasHandler === hasBatchHandler) {
    throw new Error(`subscribe to "${options.topic}" (group "${options.groupId}"): give exactly one of handler and batchHandler`);
  }
  const max = options.maxBatchMessages;
  if (max !== undefined && (!Number.isInteger(max) || max < 1)) {
    throw new Error(`subscribe to "${options.topic}": maxBatchMessages must be a positive integer, got ${max}`);
  }
  const wait = options.maxBatchWaitMs;
  if (wait !== undefined && (!Number.isFinite(wait) || wait < 0)) {
    throw new Error(`subscribe to "${options.topic}": maxBatchWaitMs must be a non-negative number, got ${wait}`);
  }
}

export interface Subscription {
  /** Stops fetching, lets in-flight handlers finish, commits, leaves the group. */
  stop(): Promise<void>;
}

export interface BusStats {
  published: Record<string, number>;
  consumed: Record<string, number>;
  deadLettered: Record<string, number>;
}

export interface Bus {
  readonly kind: 'memory' | 'kafka';
  publish<T>(topic: string, messages: OutgoingMessage<T>[]): Promise<void>;
  subscribe<T>(options: SubscribeOptions<T>): Promise<Subscription>;
  stats(): BusStats;
  /** Graceful: stops every subscription (finishing in-flight work), then disconnects. */
  close(): Promise<void>;
}
