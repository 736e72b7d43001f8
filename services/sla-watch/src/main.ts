// Runs the SLA watcher alone: environment parsed once, Kafka (or the in-process bus) and ClickHouse (or chDB).
import { z } from 'zod';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createSlaWatchService } from './sla-watch';
import { runMain, runService } from '@cur/shared/run-service';

const SlaWatchEnv = RuntimeEnv.extend({
  SLA_WARNING_SHARE: z.coerce.number().gt(0).lt(1).default(0.75).describe('share of a term after which a warning is sent'),
  SLA_TICK_INTERVAL_MS: z.coerce.number().int().nonnegative().default(60_000).describe('how often untouched clocks are checked'),
  SLA_PROFILES_DIR: z.string().optional().describe('folder of regulation profiles'),
});

async function main(): Promise<void> {
  const env = loadEnv(SlaWatchEnv);
  await runService({
    name: 'sla-watch', env,
    memoryBusWarning: 'in-process bus, so only events published in this process arrive',
    build: (deps) => createSlaWatchService(deps, {
      warningShare: env.SLA_WARNING_SHARE, tickIntervalMs: env.SLA_TICK_INTERVAL_MS, profilesDir: env.SLA_PROFILES_DIR,
    }),
  });
}

runMain(main);
