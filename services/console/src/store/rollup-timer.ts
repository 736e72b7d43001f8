// Runs the posts rollup (rollup.ts) on a timer inside the console; started and stopped with the app's background parts.
import { createPeriodic } from '@cur/shared/periodic';
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
  let runs = 0;
  const runOnce = async (): Promise<RollupSummary> => {
    const summary = await rollupPosts(deps.store, deps.clock.now(), { marginMs: rules.marginSec * 1000, batchRows: rules.batchRows });
    runs += 1;
    if (summary.units > 0) deps.logger.info({ event: 'posts_rollup', ...summary }, 'posts rolled up');
    return summary;
  };
  const periodic = createPeriodic(rules.intervalSec, runOnce, { logger: deps.logger, event: 'posts_rollup_failed', message: 'posts rollup failed' });
  return {
    start: periodic.start,
    runOnce,
    stop: periodic.stop,
    active: periodic.active,
    counters: () => ({ runs, failures: periodic.failures() }),
  };
}
