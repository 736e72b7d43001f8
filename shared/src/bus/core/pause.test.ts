import { describe, expect, it } from 'vitest';
import { pause } from './pause';

describe('pause', () => {
  it('resolves true when the time has passed', async () => {
    expect(await pause(5, new AbortController().signal)).toBe(true);
  });

  it('resolves false at once when the signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const paused = pause(60_000, controller.signal);
    controller.abort();
    expect(await paused).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('resolves false for a signal that has already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    expect(await pause(60_000, controller.signal)).toBe(false);
  });
});
