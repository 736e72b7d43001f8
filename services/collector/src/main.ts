// Runs the collector alone: env and sources file parsed once, the bus and the store built, stopped on SIGTERM.
import { z } from 'zod';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createCollectorService } from './collector';
import { CollectorEnv, credentialsFromEnv } from './env';
import { runMain, runService } from '@cur/shared/run-service';

const MainEnv = RuntimeEnv.extend({
  SOURCES_FILE: z.string().optional().describe('The sources file (YAML/JSON); see services/collector/README.md'),
  REPLAY_FILE: z.string().optional().describe('A JSON Lines file to replay into posts.raw'),
}).extend(CollectorEnv.shape);

async function main(): Promise<void> {
  const env = loadEnv(MainEnv);
  await runService({
    name: 'collector', env,
    memoryBusWarning: 'the collector publishes on an in-process bus that no other process reads',
    build: (deps) => createCollectorService(deps, { sourcesFile: env.SOURCES_FILE, replayFile: env.REPLAY_FILE }, { credentials: credentialsFromEnv(process.env) }),
  });
}

runMain(main);
