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
