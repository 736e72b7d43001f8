// One message (or one batch) through one subscription, the same on both buses: decode, run the handler with
// retries, and say what the bus must do next (commit, dead-letter then commit, or leave uncommitted).
import type { DeadLetter } from '../contracts/dead-letter';
import type { Logger } from '../logger';
import type { IncomingMessage, SubscribeOptions } from './bus';
import { toDeadLetter } from './core/dead-letter-record';
import { decodeMessage } from './core/decode-message';
import { createTimeSlicer } from '../time-slicer';
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

type Attempted =
  | { outcome: 'handled'; attempts: number }
  | { outcome: 'failed'; attempts: number; error: string }
  | { outcome: 'interrupted'; attempts: number };

/**
 * Runs `work` until it resolves. A transient error (store or broker unreachable, `{ retriable: true }`) does not
 * spend an attempt: the work is retried with the capped backoff until the world is back, uncommitted, instead of
 * being dead-lettered. Any other error spends one of `maxAttempts`.
 */
async function attempt(work: () => Promise<void>, maxAttempts: number, where: Record<string, unknown>, deps: DeliverDeps): Promise<Attempted> {
  let failures = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      await work();
      return { outcome: 'handled', attempts: attempt };
    } catch (error) {
      const isTransient = isTransientError(error);
      if (!isTransient) failures++;
      if (!isTransient && failures >= maxAttempts) {
        deps.logger.error({ event: 'bus.handler_gave_up', ...where, attempts: attempt, err: error }, 'handler failed on every attempt');
        return { outcome: 'failed', attempts: attempt, error: describeError(error) };
      }
      const delayMs = retryDelayMs(attempt, deps.retry);
      deps.logger.warn({ event: 'bus.handler_failed', ...where, attempt, maxAttempts, isTransient, delayMs, err: error }, 'handler failed; retrying');
      const isTimeUp = await deps.pause(delayMs);
      if (!isTimeUp) return { outcome: 'interrupted', attempts: attempt };
    }
  }
}

const maxAttemptsOf = (subscription: SubscribeOptions<unknown>, deps: DeliverDeps): number =>
  Math.max(1, subscription.maxHandlerAttempts ?? deps.retry.maxAttempts);

function deadLetterOf(raw: RawMessage, groupId: string, error: string, deps: DeliverDeps): DeadLetter {
  return toDeadLetter({ sourceTopic: raw.topic, consumerGroup: groupId, key: raw.key, value: raw.value, error, at: deps.now() });
}

export async function deliver<T>(raw: RawMessage, subscription: SubscribeOptions<T>, deps: DeliverDeps): Promise<Delivery> {
  const handler = subscription.handler;
  if (!handler) throw new Error('deliver() needs a subscription with a handler (batch subscriptions use deliverBatch)');
  const where = { topic: raw.topic, partition: raw.partition, offset: raw.offset, groupId: subscription.groupId };
  const decoded = decodeMessage(subscription.schema, raw.value);
  if (!decoded.ok) {
    deps.logger.warn({ event: 'bus.message_invalid', ...where, code: decoded.error.code, reason: decoded.error.message }, 'invalid message dead-lettered');
    return { outcome: 'dead-letter', reason: 'invalid', deadLetter: deadLetterOf(raw, subscription.groupId, decoded.error.message, deps) };
  }
  const message = { topic: raw.topic, partition: raw.partition, offset: raw.offset, key: raw.key, value: decoded.value };
  const result = await attempt(() => handler(message), maxAttemptsOf(subscription as SubscribeOptions<unknown>, deps), where, deps);
  if (result.outcome !== 'failed') return result;
  return {
    outcome: 'dead-letter',
    reason: 'handler_failed',
    deadLetter: deadLetterOf(raw, subscription.groupId, `handler_failed after ${result.attempts} attempts: ${result.error}`, deps),
  };
}

/** What became of one message of a batch: commit it (after publishing its dead-letter record, if any). */
export type BatchItemDelivery =
  | { outcome: 'handled' }
  | { outcome: 'dead-letter'; reason: 'invalid' | 'handler_failed'; deadLetter: DeadLetter };

export interface BatchDelivery {
  /**
   * One entry per message of the batch, in order, for the messages that may be committed: all of them, or only
   * a prefix when the subscription began stopping between retries (`isInterrupted`; the rest is not committed
   * and will be delivered again).
   */
  items: BatchItemDelivery[];
  isInterrupted: boolean;
  /** Messages handed to the batch handler and handled. */
  handled: number;
}

/**
 * A batch of messages of one partition through a batch subscription: decode and validate each (invalid ones are
 * dead-lettered and left out), run the batch handler on the rest with retries, and when it kept failing, handle
 * the messages one at a time so that only the failing one is dead-lettered.
 */
export async function deliverBatch<T>(raws: readonly RawMessage[], subscription: SubscribeOptions<T>, deps: DeliverDeps): Promise<BatchDelivery> {
  const batchHandler = subscription.batchHandler;
  if (!batchHandler) throw new Error('deliverBatch() needs a subscription with a batchHandler');
  const first = raws[0];
  if (!first) return { items: [], isInterrupted: false, handled: 0 };
  const maxAttempts = maxAttemptsOf(subscription as SubscribeOptions<unknown>, deps);
  const items: (BatchItemDelivery | undefined)[] = raws.map(() => undefined);
  const valid: { index: number; message: IncomingMessage<T> }[] = [];
  const slicer = createTimeSlicer();
  for (const [index, raw] of raws.entries()) {
    if (slicer.due()) await slicer.pause();
    const decoded = decodeMessage(subscription.schema, raw.value);
    if (decoded.ok) {
      valid.push({ index, message: { topic: raw.topic, partition: raw.partition, offset: raw.offset, key: raw.key, value: decoded.value } });
      continue;
    }
    deps.logger.warn({
      event: 'bus.message_invalid', topic: raw.topic, partition: raw.partition, offset: raw.offset, groupId: subscription.groupId,
      code: decoded.error.code, reason: decoded.error.message,
    }, 'invalid message dead-lettered');
    items[index] = { outcome: 'dead-letter', reason: 'invalid', deadLetter: deadLetterOf(raw, subscription.groupId, decoded.error.message, deps) };
  }
  /** The committable prefix: every entry before the first message that has no outcome yet. */
  const prefix = (): BatchItemDelivery[] => {
    const end = items.findIndex((item) => item === undefined);
    return (end === -1 ? items : items.slice(0, end)) as BatchItemDelivery[];
  };
  if (valid.length === 0) return { items: prefix(), isInterrupted: false, handled: 0 };

  const where = {
    topic: first.topic, partition: first.partition, offset: first.offset, lastOffset: raws[raws.length - 1]!.offset,
    messages: valid.length, groupId: subscription.groupId,
  };
  const whole = await attempt(() => batchHandler(valid.map((v) => v.message)), maxAttempts, where, deps);
  if (whole.outcome === 'handled') {
    for (const v of valid) items[v.index] = { outcome: 'handled' };
    return { items: prefix(), isInterrupted: false, handled: valid.length };
  }
  if (whole.outcome === 'interrupted') return { items: prefix(), isInterrupted: true, handled: 0 };

  const giveUp = (v: (typeof valid)[number], attempts: number, error: string) => {
    items[v.index] = {
      outcome: 'dead-letter', reason: 'handler_failed',
      deadLetter: deadLetterOf(raws[v.index]!, subscription.groupId, `handler_failed after ${attempts} attempts: ${error}`, deps),
    };
  };
  if (valid.length === 1) {
    giveUp(valid[0]!, whole.attempts, whole.error);
    return { items: prefix(), isInterrupted: false, handled: 0 };
  }
  // Isolate the poison: the same handler, one message at a time, so only the failing one is dead-lettered.
  deps.logger.warn({ event: 'bus.batch_split', ...where }, 'batch handler failed on every attempt; handling its messages one at a time');
  let handled = 0;
  for (const v of valid) {
    const one = await attempt(() => batchHandler([v.message]), maxAttempts, { ...where, offset: v.message.offset, messages: 1 }, deps);
    if (one.outcome === 'interrupted') return { items: prefix(), isInterrupted: true, handled };
    if (one.outcome === 'handled') {
      items[v.index] = { outcome: 'handled' };
      handled++;
    } else {
      giveUp(v, one.attempts, one.error);
    }
  }
  return { items: prefix(), isInterrupted: false, handled };
}
