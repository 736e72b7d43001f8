import { describe, expect, it } from 'vitest';
import { isRetriableStatus, retryDelayMs } from './backoff';
import { toCsv } from './csv';
import { uuidFrom } from './event-id';
import { createRateLimiter } from './rate-limit';
import { plural } from './russian-plural';

describe('retryDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000]);
    expect(retryDelayMs(500, 1000, 60_000)).toBe(60_000);
  });
  it('retries server errors, timeouts and 429 but not other 4xx', () => {
    expect([500, 503, 408, 429].every(isRetriableStatus)).toBe(true);
    expect([400, 404, 422].some(isRetriableStatus)).toBe(false);
  });
});

describe('toCsv', () => {
  it('quotes separators and neutralises formulas', () => {
    const csv = toCsv(['a', 'b'], [['x;y', '=HYPERLINK("evil")'], [1.5, null]]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('"x;y";"\'=HYPERLINK(""evil"")"');
    expect(csv).toContain('1,5;');
  });
  it('neutralises fullwidth formula signs and leading control characters too', () => {
    const csv = toCsv(['a'], [['\uff1dSUM(1+1)'], ['\uff20x'], ['\n=1+1'], ['-2+3'], ['обычный текст']]);
    expect(csv.split('\r\n').slice(1, -1)).toEqual(["'\uff1dSUM(1+1)", "'\uff20x", '"\'\n=1+1"', "'-2+3", 'обычный текст']);
  });
});

describe('uuidFrom', () => {
  it('is stable for the same parts and differs otherwise', () => {
    expect(uuidFrom('a', 'b')).toBe(uuidFrom('a', 'b'));
    expect(uuidFrom('a', 'b')).not.toBe(uuidFrom('ab'));
    expect(uuidFrom('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('createRateLimiter', () => {
  it('allows the burst, refuses the next, and refills with time', () => {
    const limiter = createRateLimiter(3);
    expect([0, 0, 0].map(() => limiter.take('c', 0))).toEqual([true, true, true]);
    expect(limiter.take('c', 0)).toBe(false);
    expect(limiter.take('other', 0)).toBe(true);
    expect(limiter.take('c', 20_000)).toBe(true);
  });
});

describe('plural', () => {
  it('picks the Russian form', () => {
    expect([1, 2, 5, 11, 21, 22, 25].map((n) => plural(n, 'пост', 'поста', 'постов'))).toEqual(['пост', 'поста', 'постов', 'постов', 'пост', 'поста', 'постов']);
  });
});
