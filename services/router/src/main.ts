// Runs the router alone: parse the environment once, open the store and the bus, start, stop on SIGTERM.
import { z } from 'zod';
import { loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createRouterService } from './router';
import { runMain, runService } from '@cur/shared/run-service';

const RouterEnv = RuntimeEnv.extend({
  ROUTER_GROUP_ID: z.string().min(1).default('router').describe('consumer group on posts.classified'),
  ROUTER_RULES_FILE: z.string().min(1).optional().describe('routing rules file (JSON/YAML); default: the bundled Lipetsk rules'),
  ROUTER_ALERT_ON_CRITICAL: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').describe('publish critical_post alerts'),
});

async function main(): Promise<void> {
  const env = loadEnv(RouterEnv);
  await runService({
    name: 'router', env,
    memoryBusWarning: 'the router runs on an in-process bus and sees only what this process publishes',
    build: (deps) => createRouterService(deps, {
      groupId: env.ROUTER_GROUP_ID,
      alertOnCritical: env.ROUTER_ALERT_ON_CRITICAL,
      ...(env.ROUTER_RULES_FILE ? { rulesFile: env.ROUTER_RULES_FILE } : {}),
    }),
  });
}

runMain(main);
