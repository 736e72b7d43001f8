import { describe, expect, it } from 'vitest';
import { createTimeSlicer } from './time-slicer';

describe('createTimeSlicer', () => {
  it('is due once the slice has passed, and a pause starts a new slice', async () => {
    let t = 0;
    const slicer = createTimeSlicer(5, () => t);
    expect(slicer.due()).toBe(false);
    t = 4.9;
    expect(slicer.due()).toBe(false);
    t = 5;
    expect(slicer.due()).toBe(true);
    await slicer.pause();
    expect(slicer.due()).toBe(false);
    t = 10;
    expect(slicer.due()).toBe(true);
  });

  it('lets pending I/O callbacks run during a pause', async () => {
    const slicer = createTimeSlicer(0);
    let ran = false;
    setImmediate(() => { ran = true; });
    await slicer.pause();
    expect(ran).toBe(true);
  });
});

describe('paused loops', () => {
  it('resume one per turn of the event loop, in the order they paused, with I/O callbacks between them', async () => {
    const order: string[] = [];
    const loops = ['a', 'b', 'c'].map((name) => createTimeSlicer(0).pause().then(() => { order.push(name); }));
    // A callback queued after the three paused runs after the first resumes and before the second: the others wait a turn.
    setImmediate(() => { order.push('io'); });
    await Promise.all(loops);
    expect(order).toEqual(['a', 'io', 'b', 'c']);
  });

  it('all resume even when they pause again from their turn', async () => {
    let turns = 0;
    const loop = async () => {
      const slicer = createTimeSlicer(0);
      for (let i = 0; i < 5; i++) { await slicer.pause(); turns++; }
    };
    await Promise.all([loop(), loop(), loop()]);
    expect(turns).toBe(15);
  });
});
