// The console runs the posts rollup on a timer that starts and stops with its background parts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '@cur/shared/store/clickhouse';
import { ConsoleConfig } from '../src/config';
import { rollupWatermark } from '../src/store/rollup';
import { buildTestApp, openTestStore, seed } from './helpers';

const stateRows = async (store: Store): Promise<number> =>
  Number((await store.query<{ n: number }>('SELECT count() AS n FROM posts_rollup_state'))[0]?.n ?? 0);

describe('the console rollup timer', () => {
  let store: Store;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore('console-rollup-timer-'));
    await seed(store);
  });
  afterAll(async () => { await cleanup(); });

  it('defaults to a run every 60 s with a 5-minute margin', () => {
    expect(ConsoleConfig.parse({}).rollup).toEqual({ intervalSec: 60, marginSec: 300, batchRows: 500_000 });
    expect(() => ConsoleConfig.parse({ rollup: { intervalSec: 60, every: 1 } })).toThrow();
  });

  it('runs while the app runs and leaves no timer behind when it stops', async () => {
    const { app, bus } = buildTestApp(store, { rollup: { intervalSec: 1, marginSec: 0, batchRows: 2_000_000 } });
    expect(app.rollup.active()).toBe(false);
    await app.startBackground();
    expect(app.rollup.active()).toBe(true);
    for (let i = 0; i < 100 && (await rollupWatermark(store)) === null; i += 1) await new Promise((r) => setTimeout(r, 50));
    expect(await rollupWatermark(store)).not.toBeNull();
    await app.stopBackground();
    expect(app.rollup.active()).toBe(false);
    expect(app.counters()).toMatchObject({ rollupFailures: 0 });
    expect(app.counters().rollupRuns).toBeGreaterThanOrEqual(1);
    const runs = await stateRows(store);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await stateRows(store)).toBe(runs);
    await app.server.close();
    await bus.close();
  });

  it('does not arm a timer with intervalSec 0', async () => {
    const { app, bus } = buildTestApp(store, { rollup: { intervalSec: 0, marginSec: 300, batchRows: 2_000_000 } });
    await app.startBackground();
    expect(app.rollup.active()).toBe(false);
    await app.stopBackground();
    await app.server.close();
    await bus.close();
  });
});
