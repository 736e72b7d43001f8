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

export interface SubscribeOptions<T> {
  topic: string;
  groupId: string;
  /** Every message is validated with it; a failure goes to the dead-letter topic with the reason. */
  schema: ZodType<T>;
  /** Runs once per message, in order per key; the offset is committed only after it resolves. */
  handler: (message: IncomingMessage<T>) => Promise<void>;
  /** Where a new group starts: true = the beginning of the log (default true). */
  fromBeginning?: boolean;
  /** A handler that throws is retried this many times with backoff, then the message is dead-lettered. */
  maxHandlerAttempts?: number;
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
