// One message through one subscription, the same on both buses: decode, run the handler with retries,
// and say what the bus must do next (commit, dead-letter then commit, or leave uncommitted).
import type { DeadLetter } from '../contracts/dead-letter';
import type { Logger } from '../logger';
import type { SubscribeOptions } from './bus';
import { toDeadLetter } from './core/dead-letter-record';
import { decodeMessage } from './core/decode-message';
import { retryDelayMs, type RetryPolicy } from './core/retry-delay';
import { isTransientError } from './core/transient-error';

/** A message as read from the log: the value is still JSON text. */
export interface RawMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
}

export type Delivery =
  /** The handler resolved: commit. */
  | { outcome: 'handled'; attempts: number }
  /** Unreadable, or the handler kept failing: publish the record to the dead-letter topic, then commit. */
  | { outcome: 'dead-letter'; reason: 'invalid' | 'handler_failed'; deadLetter: DeadLetter }
  /** The subscription is stopping between retries: do not commit, the message will be delivered again. */
  | { outcome: 'interrupted'; attempts: number };

export interface DeliverDeps {
  retry: RetryPolicy;
  now: () => Date;
  /** Waits `ms`; resolves false when the subscription began stopping before the time was up. */
  pause: (ms: number) => Promise<boolean>;
  logger: Logger;
}

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `thrown value: ${String(error)}`;

export async function deliver<T>(raw: RawMessage, subscription: SubscribeOptions<T>, deps: DeliverDeps): Promise<Delivery> {
  const where = { topic: raw.topic, partition: raw.partition, offset: raw.offset, groupId: subscription.groupId };
  const deadLetter = (error: string) => toDeadLetter({
    sourceTopic: raw.topic, consumerGroup: subscription.groupId, key: raw.key, value: raw.value, error, at: deps.now(),
  });

  const decoded = decodeMessage(subscription.schema, raw.value);
  if (!decoded.ok) {
    deps.logger.warn({ event: 'bus.message_invalid', ...where, code: decoded.error.code, reason: decoded.error.message }, 'invalid message dead-lettered');
    return { outcome: 'dead-letter', reason: 'invalid', deadLetter: deadLetter(decoded.error.message) };
  }

  const maxAttempts = Math.max(1, subscription.maxHandlerAttempts ?? deps.retry.maxAttempts);
  const message = { topic: raw.topic, partition: raw.partition, offset: raw.offset, key: raw.key, value: decoded.value };
  // A transient error (store or broker unreachable, `{ retriable: true }`) does not spend an attempt: the message
  // is retried with the capped backoff until the world is back, uncommitted, instead of being dead-lettered.
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await subscription.handler(message);
      return { outcome: 'handled', attempts: attempt };
    } catch (error) {
      const text = describeError(error);
      const isTransient = isTransientError(error);
      if (!isTransient) failures++;
      if (!isTransient && failures >= maxAttempts) {
        deps.logger.error({ event: 'bus.handler_gave_up', ...where, attempts: attempt, err: error }, 'handler failed on every attempt; message dead-lettered');
        return {
          outcome: 'dead-letter',
          reason: 'handler_failed',
          deadLetter: deadLetter(`handler_failed after ${attempt} attempts: ${text}`),
        };
      }
      const delayMs = retryDelayMs(attempt, deps.retry);
      deps.logger.warn({ event: 'bus.handler_failed', ...where, attempt, maxAttempts, isTransient, delayMs, err: error }, 'handler failed; retrying');
      const isTimeUp = await deps.pause(delayMs);
      if (!isTimeUp) return { outcome: 'interrupted', attempts: attempt };
    }
  }
}
