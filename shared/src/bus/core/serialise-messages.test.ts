import { describe, expect, it } from 'vitest';
import { serialiseMessages, UnserialisableMessageError } from './serialise-messages';

describe('serialiseMessages', () => {
  it('turns values into JSON text and keeps keys', () => {
    expect(serialiseMessages('t', [{ key: 'a', value: { n: 1, s: 'ё' } }])).toEqual([{ key: 'a', value: '{"n":1,"s":"ё"}' }]);
  });

  it('rejects a circular value, a BigInt and undefined with the topic, index and key', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => serialiseMessages<unknown>('t', [{ key: 'ok', value: 1 }, { key: 'loop', value: circular }]))
      .toThrow(/cannot publish to "t": message #1 \(key "loop"\) is not JSON-serialisable/);
    expect(() => serialiseMessages('t', [{ key: 'big', value: { n: 1n } }])).toThrow(UnserialisableMessageError);
    expect(() => serialiseMessages('t', [{ key: 'u', value: undefined }])).toThrow(/JSON cannot represent/);
  });

  it('rejects a key that is not a string', () => {
    expect(() => serialiseMessages('t', [{ key: 7 as unknown as string, value: 1 }])).toThrow(/key that is not a string/);
  });
});
