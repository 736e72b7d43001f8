// Runs the posts rollup (rollup.ts) on a timer inside the console; started and stopped with the app's background parts.
import type { ServiceDeps } from '@cur/shared/service';
import type { RollupRules } from '../config';
import { rollupPosts, type RollupSummary } from './rollup';

export interface RollupTimer {
  start(): void;
  runOnce(): Promise<RollupSummary>;
  stop(): Promise<void>;
  /** Whether a timer is armed (false before start, after stop, or with intervalSec 0). */
  active(): boolean;
  counters(): { runs: number; failures: number };
}

export function createRollupTimer(deps: Pick<ServiceDeps, 'store' | 'clock' | 'logger'>, rules: RollupRules): RollupTimer {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let runs = 0;
  let failures = 0;
  const runOnce = async (): Promise<RollupSummary> => {
    const summary = await rollupPosts(deps.store, deps.clock.now(), { marginMs: rules.marginSec * 1000, batchRows: rules.batchRows });
    runs += 1;
    if (summary.units > 0) deps.logger.info({ event: 'posts_rollup', ...summary }, 'posts rolled up');
    return summary;
  };
  return {
    start() {
      if (rules.intervalSec === 0 || timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = runOnce()
          .catch((error) => { failures += 1; deps.logger.error({ err: error, event: 'posts_rollup_failed' }, 'posts rollup failed'); })
          .finally(() => { running = null; });
      }, rules.intervalSec * 1000);
      timer.unref();
    },
    runOnce,
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
    active: () => timer !== null,
    counters: () => ({ runs, failures }),
  };
}
