import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createPeriodic } from './periodic';

const logger = pino({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createPeriodic', () => {
  it('runs on its interval one run at a time, counts failures, and stop waits for the run in progress', async () => {
    let started = 0;
    let finished = 0;
    const job = createPeriodic(0.02, async () => {
      started += 1;
      await sleep(70);
      finished += 1;
      if (started === 1) throw new Error('first run fails');
    }, { logger, event: 'test_failed', message: 'test job failed' });
    expect(job.active()).toBe(false);
    job.start();
    expect(job.active()).toBe(true);
    await sleep(200);
    await job.stop();
    expect(job.active()).toBe(false);
    expect(started).toBeGreaterThanOrEqual(2);
    expect(finished).toBe(started);
    // 20 ms ticks, 70 ms runs: overlapping ticks were skipped.
    expect(started).toBeLessThan(200 / 20);
    expect(job.failures()).toBe(1);
    const after = started;
    await sleep(60);
    expect(started).toBe(after);
  });

  it('does nothing with an interval of 0', async () => {
    let runs = 0;
    const job = createPeriodic(0, async () => { runs += 1; }, { logger, event: 'x', message: 'x' });
    job.start();
    expect(job.active()).toBe(false);
    await sleep(30);
    await job.stop();
    expect(runs).toBe(0);
  });
});
