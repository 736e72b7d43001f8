// `npm run --silent rollup [-- --margin-sec 300] [--full]`: rolls new posts up into posts_hourly once, prints a JSON summary.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadEnv, parseConfig } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { systemClock } from '@cur/shared/clock';
import { openStoreFromEnv } from '@cur/shared/store/open-from-env';
import { migrate } from '@cur/shared/store/migrate';
import { rollupPosts } from '../store/rollup';

const RollupArgs = z.object({
  'margin-sec': z.coerce.number().int().min(0).default(300)
    .describe('longest time an insert into posts may take to commit (0 only when nothing is being written)'),
  'batch-rows': z.coerce.number().int().min(1000).default(2_000_000).describe('posts rows recomputed per statement, at most'),
  full: z.boolean().default(false).describe('recompute every day, not only those with new rows (after posts rows were deleted)'),
}).strict();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'margin-sec': { type: 'string' }, 'batch-rows': { type: 'string' }, full: { type: 'boolean' } },
    strict: true,
  });
  const args = parseConfig(RollupArgs, values, 'command line');
  if (!args.ok) throw args.error;
  const env = loadEnv(RuntimeEnv);
  const store = await openStoreFromEnv(env);
  try {
    await migrate(store);
    const summary = await rollupPosts(store, systemClock.now(), {
      marginMs: args.value['margin-sec'] * 1000, batchRows: args.value['batch-rows'], full: args.value.full,
    });
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`rollup: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
