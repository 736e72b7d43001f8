// The dead-letter record of a message that could not be read or handled: the original bytes and the reason.
import type { DeadLetter } from '../../contracts/dead-letter';

/** DeadLetter.value keeps at most this many UTF-8 bytes of the original message. */
export const maxDeadLetterValueBytes = 1024 * 1024;
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

export function toDeadLetter(input: DeadLetterInput): DeadLetter {
  const error = input.error.length > maxDeadLetterErrorChars
    ? `${input.error.slice(0, maxDeadLetterErrorChars)}… (truncated)`
    : input.error;
  return {
    schemaVersion: 1,
    sourceTopic: input.sourceTopic,
    consumerGroup: input.consumerGroup,
    key: input.key,
    value: truncateUtf8(input.value ?? '', maxDeadLetterValueBytes),
    error,
    at: input.at.toISOString(),
  };
}
