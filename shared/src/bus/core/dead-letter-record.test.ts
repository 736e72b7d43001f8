import { describe, expect, it } from 'vitest';
import { DeadLetter } from '../../contracts/dead-letter';
import { maxDeadLetterValueBytes, toDeadLetter, truncateForJson, truncateUtf8 } from './dead-letter-record';

describe('toDeadLetter', () => {
  it('builds a record that satisfies the DeadLetter contract', () => {
    const record = toDeadLetter({
      sourceTopic: 'posts.raw', consumerGroup: 'classifier', key: 'vk:1', value: '{"x":1}',
      error: 'invalid_shape: x: expected string', at: new Date('2025-03-01T10:00:00Z'),
    });
    expect(DeadLetter.parse(record)).toEqual(record);
    expect(record.at).toBe('2025-03-01T10:00:00.000Z');
  });

  it('keeps a missing value as empty text and cuts a huge one to 1 MiB', () => {
    const empty = toDeadLetter({ sourceTopic: 't', consumerGroup: 'g', key: null, value: null, error: 'e', at: new Date(0) });
    expect(empty.value).toBe('');
    const huge = toDeadLetter({
      sourceTopic: 't', consumerGroup: 'g', key: null, value: 'я'.repeat(maxDeadLetterValueBytes), error: 'e', at: new Date(0),
    });
    expect(new TextEncoder().encode(huge.value).length).toBeLessThanOrEqual(maxDeadLetterValueBytes);
    expect(huge.value.endsWith('я')).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('never splits a multi-byte character', () => {
    expect(truncateUtf8('ёжик', 3)).toBe('ё');
    expect(truncateUtf8('ёжик', 4)).toBe('ёж');
    expect(truncateUtf8('abc', 10)).toBe('abc');
  });
});

describe('truncateForJson', () => {
  it('keeps the JSON-escaped form within the limit, so the record fits a 1 MB Kafka message', () => {
    const escapes = '"\\\u0001'.repeat(300_000);
    const cut = truncateForJson(escapes, maxDeadLetterValueBytes);
    expect(new TextEncoder().encode(JSON.stringify(cut)).length).toBeLessThanOrEqual(maxDeadLetterValueBytes + 2);
    expect(cut.length).toBeGreaterThan(0);
    const record = toDeadLetter({ sourceTopic: 't', consumerGroup: 'g', key: 'k', value: escapes, error: 'e', at: new Date(0) });
    expect(new TextEncoder().encode(JSON.stringify(record)).length).toBeLessThan(1_000_000);
    expect(truncateForJson('abc', 10)).toBe('abc');
  });
});
