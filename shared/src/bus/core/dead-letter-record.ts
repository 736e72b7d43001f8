// The dead-letter record of a message that could not be read or handled: the original bytes and the reason.
import type { DeadLetter } from '../../contracts/dead-letter';

/**
 * DeadLetter.value keeps at most this many bytes of the original message, counted as they are sent (JSON-escaped
 * UTF-8): the whole record must fit Kafka's default 1 MB message limit, or the dead-letter write fails, the offset
 * is never committed and the partition is stuck on that message for good.
 */
export const maxDeadLetterValueBytes = 512 * 1024;
/** The error text is cut at this many characters (a stack trace is not needed to find the message). */
export const maxDeadLetterErrorChars = 8_000;

export interface DeadLetterInput {
  sourceTopic: string;
  consumerGroup: string;
  key: string | null;
  value: string | null;
  error: string;
  at: Date;
}

/** Cuts text to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) so the cut falls on a character boundary.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}

const jsonBytes = (text: string): number => new TextEncoder().encode(JSON.stringify(text)).length - 2;

/** Cuts text so that its JSON string form (quotes, backslashes, control characters escaped) fits `maxBytes`. */
export function truncateForJson(text: string, maxBytes: number): string {
  let cut = truncateUtf8(text, maxBytes);
  for (let escaped = jsonBytes(cut); escaped > maxBytes; escaped = jsonBytes(cut)) {
    const bytes = new TextEncoder().encode(cut).length;
    cut = truncateUtf8(cut, Math.max(0, Math.floor((bytes * maxBytes) / escaped) - 8));
  }
  return cut;
}

export function toDeadLetter(input: DeadLetterInput): DeadLetter {
  const error = input.error.length > maxDeadLetterErrorChars
    ? `${input.error.slice(0, maxDeadLetterErrorChars)}… (truncated)`
    : input.error;
  return {
    schemaVersion: 1,
    sourceTopic: input.sourceTopic,
    consumerGroup: input.consumerGroup,
    key: input.key,
    value: truncateForJson(input.value ?? '', maxDeadLetterValueBytes),
    error,
    at: input.at.toISOString(),
  };
}
