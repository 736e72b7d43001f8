import { describe, expect, it } from 'vitest';
import { isTransientError } from './transient-error';

describe('isTransientError', () => {
  it('knows retriable error values and socket errors, also as a cause', () => {
    expect(isTransientError(Object.assign(new Error('store down'), { retriable: true }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ETIMEDOUT' }) }))).toBe(true);
  });

  it('treats anything else as a failure of the message', () => {
    expect(isTransientError(new Error('bad row'))).toBe(false);
    expect(isTransientError(Object.assign(new Error('no'), { retriable: false }))).toBe(false);
    expect(isTransientError('a string')).toBe(false);
    expect(isTransientError(null)).toBe(false);
  });
});
