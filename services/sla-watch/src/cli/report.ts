// `npm run --silent report -- --region lipetsk --month 2026-11 [--format json|csv] [--authority X]`: the monthly summary.
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { RegionCode } from '@cur/shared/contracts/index';
import { loadEnv, parseConfig } from '@cur/shared/config/load-config';
import { RuntimeEnv } from '@cur/shared/config/runtime-env';
import { openStoreFromEnv } from '@cur/shared/store/open-from-env';
import { migrate } from '@cur/shared/store/migrate';
import { summaryToCsv } from '../core/monthly-summary';
import { monthlySummary } from '../store/reports';

const ReportArgs = z.object({
  region: RegionCode.describe('region code'),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM').describe('the month to report'),
  format: z.enum(['json', 'csv']).default('json').describe('output format'),
  authority: z.string().optional().describe('only this authority'),
}).strict();

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { region: { type: 'string' }, month: { type: 'string' }, format: { type: 'string' }, authority: { type: 'string' } },
    strict: true,
  });
  const args = parseConfig(ReportArgs, values, 'command line');
  if (!args.ok) throw args.error;
  const env = loadEnv(RuntimeEnv);
  const store = await openStoreFromEnv(env);
  try {
    await migrate(store);
    const summary = await monthlySummary(store, { region: args.value.region, month: args.value.month, authority: args.value.authority });
    if (!summary.ok) throw new Error(`${summary.error.code}: ${summary.error.message}`);
    process.stdout.write(args.value.format === 'csv' ? summaryToCsv(summary.value) : `${JSON.stringify(summary.value, null, 2)}\n`);
  } finally {
    await store.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`report: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
