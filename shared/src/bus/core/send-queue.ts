// Group commit for a producer that has one request in flight (the idempotent Kafka producer): while a request is
// out, the publishes of other callers (other partitions' batches, other topics) pile up, and go out together as
// ONE request when it returns, instead of one round trip each; so do publishes started in the same turn. Arrival
// order is kept (per key order holds), each caller's promise settles when its own messages were acknowledged, and a
// failed merged request is retried caller by caller so that one caller's bad messages (e.g. too large) fail only
// that caller. A caller with more than maxBytes is cut into consecutive pieces, each queued like a caller.

export interface QueuedMessage { key: string; value: string }
export interface TopicMessages { topic: string; messages: QueuedMessage[] }

export interface SendQueueOptions {
  /** Sends several topics' messages as one request. */
  sendBatch(topicMessages: TopicMessages[]): Promise<void>;
  /** Bytes of keys and values in one request at most (a larger caller is cut into pieces; one message is never cut). */
  maxBytes: number;
}

interface Pending { topic: string; messages: QueuedMessage[]; bytes: number; resolve: () => void; reject: (error: unknown) => void }

/**
 * Cuts one publish into consecutive pieces of at most `maxBytes` of keys and values (a message larger than that
 * alone is a piece of its own), in order. A broker refuses a record batch over its message.max.bytes (1 MiB by
 * default), and a stage's output keeps its input's keys, so a whole batch of long posts can land in one partition.
 */
export function splitByBytes<M extends QueuedMessage>(messages: readonly M[], maxBytes: number): { messages: M[]; bytes: number }[] {
  const pieces: { messages: M[]; bytes: number }[] = [];
  let piece: { messages: M[]; bytes: number } = { messages: [], bytes: 0 };
  for (const message of messages) {
    const size = Buffer.byteLength(message.key) + Buffer.byteLength(message.value);
    if (piece.messages.length > 0 && piece.bytes + size > maxBytes) {
      pieces.push(piece);
      piece = { messages: [], bytes: 0 };
    }
    piece.messages.push(message);
    piece.bytes += size;
  }
  if (piece.messages.length > 0) pieces.push(piece);
  return pieces;
}

/** Merges callers' messages by topic, in arrival order. */
export function mergeByTopic(calls: readonly { topic: string; messages: readonly QueuedMessage[] }[]): TopicMessages[] {
  const byTopic = new Map<string, QueuedMessage[]>();
  for (const call of calls) {
    const list = byTopic.get(call.topic) ?? [];
    list.push(...call.messages);
    byTopic.set(call.topic, list);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}

export function createSendQueue(options: SendQueueOptions): { send(topic: string, messages: QueuedMessage[]): Promise<void>; requests(): number } {
  const queue: Pending[] = [];
  let running = false;
  let requests = 0;

  /** The head of the queue and the callers after it while the merged request stays under maxBytes. */
  function takeGroup(): Pending[] {
    const group = [queue.shift()!];
    let bytes = group[0]!.bytes;
    while (queue.length > 0 && bytes + queue[0]!.bytes <= options.maxBytes) {
      const next = queue.shift()!;
      bytes += next.bytes;
      group.push(next);
    }
    return group;
  }

  async function pump(): Promise<void> {
    if (running) return;
    running = true;
    try {
      while (queue.length > 0) {
        const group = takeGroup();
        requests += 1;
        try {
          await options.sendBatch(mergeByTopic(group));
          for (const call of group) call.resolve();
          continue;
        } catch (error) {
          if (group.length === 1) {
            group[0]!.reject(error);
            continue;
          }
        }
        for (const call of group) {
          requests += 1;
          try {
            await options.sendBatch([{ topic: call.topic, messages: call.messages }]);
            call.resolve();
          } catch (error) {
            call.reject(error);
          }
        }
      }
    } finally {
      running = false;
    }
  }

  return {
    async send(topic, messages) {
      const pieces = splitByBytes(messages, options.maxBytes);
      if (pieces.length === 0) return;
      // Queued together and in order; on a microtask, so that publishes started together (Promise.all over
      // topics) join the first request too.
      const settled = pieces.map(({ messages: piece, bytes }) => new Promise<void>((resolve, reject) => {
        queue.push({ topic, messages: piece, bytes, resolve, reject });
      }));
      queueMicrotask(() => void pump());
      await Promise.all(settled);
    },
    requests: () => requests,
  };
}
