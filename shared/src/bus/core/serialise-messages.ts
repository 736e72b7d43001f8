// Values travel as JSON text on both buses; a value that JSON cannot carry is a programming error,
// reported before anything of the batch is published.
import type { OutgoingMessage } from '../bus';

export interface SerialisedMessage {
  key: string;
  value: string;
}

export class UnserialisableMessageError extends Error {
  constructor(readonly topic: string, readonly index: number, readonly key: unknown, reason: string) {
    super(`cannot publish to "${topic}": message #${index} (key ${JSON.stringify(key) ?? String(key)}) ${reason}`);
    this.name = 'UnserialisableMessageError';
  }
}

export function serialiseMessages<T>(topic: string, messages: readonly OutgoingMessage<T>[]): SerialisedMessage[] {
  return messages.map((message, index) => {
    if (typeof message.key !== 'string') {
      throw new UnserialisableMessageError(topic, index, message.key, 'has a key that is not a string');
    }
    let value: string | undefined;
    try {
      value = JSON.stringify(message.value);
    } catch (error) {
      throw new UnserialisableMessageError(topic, index, message.key, `is not JSON-serialisable: ${(error as Error).message}`);
    }
    if (value === undefined) {
      throw new UnserialisableMessageError(topic, index, message.key, `has a value JSON cannot represent (${typeof message.value})`);
    }
    return { key: message.key, value };
  });
}
