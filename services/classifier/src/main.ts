// Runs the classifier alone: environment parsed once, Kafka (or the in-process bus) and ClickHouse (or chDB).
import { z } from 'zod';
import { loadConfigFile, loadEnv, parseConfig } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { createClassifierService } from './classifier';
import { ClassifierConfig } from './config';
import { runMain, runService } from '@cur/shared/run-service';

const ClassifierEnv = RuntimeEnv.extend({
  CLASSIFIER_CONFIG: z.string().optional().describe('JSON or YAML file with the classifier config (config.ts); absent = defaults'),
  CLASSIFIER_GROUP_ID: z.string().min(1).optional().describe('consumer group on posts.raw (overrides the file)'),
  CLASSIFIER_REJECT_REPEATS: z.enum(['true', 'false']).optional().describe('Omsk profile: reject repeats without new arguments (overrides the file)'),
});

async function main(): Promise<void> {
  const env = loadEnv(ClassifierEnv);
  const fromFile = env.CLASSIFIER_CONFIG ? loadConfigFile(ClassifierConfig, env.CLASSIFIER_CONFIG) : ClassifierConfig.parse({});
  const parsed = parseConfig(ClassifierConfig, {
    ...fromFile,
    ...(env.CLASSIFIER_GROUP_ID ? { groupId: env.CLASSIFIER_GROUP_ID } : {}),
    ...(env.CLASSIFIER_REJECT_REPEATS ? { rejectRepeatWithoutNewArguments: env.CLASSIFIER_REJECT_REPEATS === 'true' } : {}),
  }, 'environment');
  if (!parsed.ok) throw parsed.error;
  await runService({
    name: 'classifier', env,
    memoryBusWarning: 'in-process bus, so only posts published in this process arrive',
    build: (deps) => createClassifierService(deps, parsed.value),
  });
}

runMain(main);
