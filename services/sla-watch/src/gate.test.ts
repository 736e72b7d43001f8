import { describe, expect, it } from 'vitest';
import { createGate } from './gate';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('gate', () => {
  it('runs shared work side by side and exclusive work alone, without starving it', async () => {
    const gate = createGate();
    const log: string[] = [];
    let running = 0;
    let maxShared = 0;
    const shared = (name: string) => gate.shared(async () => {
      running++;
      maxShared = Math.max(maxShared, running);
      log.push(`+${name}`);
      await sleep(20);
      log.push(`-${name}`);
      running--;
    });
    const a = shared('a');
    const b = shared('b');
    await sleep(5);
    const x = gate.exclusive(async () => {
      expect(running).toBe(0);
      log.push('x');
      await sleep(10);
    });
    const c = shared('c'); // arrives while x waits: runs after x
    await Promise.all([a, b, x, c]);
    expect(maxShared).toBe(2);
    expect(log.indexOf('x')).toBeGreaterThan(log.indexOf('-b'));
    expect(log.indexOf('+c')).toBeGreaterThan(log.indexOf('x'));
    await gate.idle();
  });

  it('keeps exclusive work in order and passes errors through', async () => {
    const gate = createGate();
    const order: number[] = [];
    const first = gate.exclusive(async () => { await sleep(10); order.push(1); throw new Error('boom'); });
    const second = gate.exclusive(async () => { order.push(2); return 'ok'; });
    await expect(first).rejects.toThrow('boom');
    await expect(second).resolves.toBe('ok');
    expect(order).toEqual([1, 2]);
  });
});
