// A background job on a timer: one run at a time (a tick that finds the last run still going is skipped), failures
// logged and counted instead of thrown, and stop() waits for a run in progress. The timer does not keep the
// process alive.
import type { Logger } from './logger';

export interface Periodic {
  start(): void;
  stop(): Promise<void>;
  /** Whether a timer is armed (false before start, after stop, or with an interval of 0). */
  active(): boolean;
  failures(): number;
}

export function createPeriodic(intervalSec: number, run: () => Promise<unknown>, onFailure: { logger: Logger; event: string; message: string }): Periodic {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let failures = 0;
  return {
    start() {
      if (intervalSec === 0 || timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = run()
          .catch((error) => {
            failures += 1;
            onFailure.logger.error({ err: error, event: onFailure.event }, onFailure.message);
          })
          .finally(() => { running = null; });
      }, intervalSec * 1000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running;
    },
    active: () => timer !== null,
    failures: () => failures,
  };
}
