// Runs the console alone: parse the environment once, open the store and the bus, listen, stop on SIGTERM.
import { z } from 'zod';
import { loadConfigFile, loadEnv } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { join } from 'node:path';
import { ConsoleConfig } from './config';
import { createConsoleService } from './console';
import { runMain, runService } from '@cur/shared/run-service';

const list = z.string().transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x.length > 0));

const ConsoleEnv = RuntimeEnv.extend({
  CONSOLE_CONFIG_FILE: z.string().optional().describe('JSON/YAML file of the console config (keys of ConsoleConfig)'),
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65535).optional().describe('HTTP port; overrides the file'),
  CONSOLE_HOST: z.string().optional().describe('bind address; overrides the file'),
  CONSOLE_USERS_FILE: z.string().optional().describe('users file (JSON/YAML)'),
  CONSOLE_FEED_ENDPOINTS: list.optional().describe('comma-separated URLs of external incident systems'),
  CONSOLE_ALERT_WEBHOOKS: list.optional().describe('comma-separated webhook URLs for critical posts and spikes'),
});

async function main(): Promise<void> {
  const env = loadEnv(ConsoleEnv);
  const fromFile = env.CONSOLE_CONFIG_FILE ? loadConfigFile(ConsoleConfig, env.CONSOLE_CONFIG_FILE) : ConsoleConfig.parse({});
  const config = ConsoleConfig.parse({
    ...fromFile,
    ...(env.CONSOLE_PORT !== undefined ? { port: env.CONSOLE_PORT } : {}),
    ...(env.CONSOLE_HOST ? { host: env.CONSOLE_HOST } : {}),
    ...(env.CONSOLE_USERS_FILE ? { usersFile: env.CONSOLE_USERS_FILE } : {}),
    ...(env.CONSOLE_FEED_ENDPOINTS ? { feedEndpoints: env.CONSOLE_FEED_ENDPOINTS } : {}),
    ...(env.CONSOLE_ALERT_WEBHOOKS ? { alertWebhooks: env.CONSOLE_ALERT_WEBHOOKS } : {}),
    adminTokenFile: fromFile.adminTokenFile === './data/console-admin.token' ? join(env.DATA_DIR, 'console-admin.token') : fromFile.adminTokenFile,
  });
  await runService({
    name: 'console', env,
    memoryBusWarning: 'the console runs on an in-process bus, so its events reach no other service',
    build: (deps) => createConsoleService(deps, config),
  });
}

runMain(main);
