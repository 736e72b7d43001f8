import { describe, expect, it } from 'vitest';
import { reserveSlot } from './rate-limit';

describe('reserveSlot', () => {
  it('spaces requests 1/rate apart and never schedules in the past', () => {
    let last: number | null = null;
    const slots: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      last = reserveSlot(last, 1000, 3);
      slots.push(Math.round(last));
    }
    expect(slots).toEqual([1000, 1333, 1667, 2000]);
    expect(reserveSlot(1000, 5000, 3)).toBe(5000);
  });
});
