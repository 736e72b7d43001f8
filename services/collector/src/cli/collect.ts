// `npm run --silent collect -- --once --sources FILE [--data DIR] [--replay FILE]`: polls each source once and
// prints the normalised posts as JSON Lines on stdout (logs go to stderr). Cursors persist only with --data.
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { systemClock } from '@cur/shared/clock';
import { ConfigError } from '@cur/shared/config/load-config';
import { RawPost, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createCollectorService } from '../collector';
import { credentialsFromEnv } from '../env';
import { createMemoryCursorStore } from '../store/cursor-store';
import { createMemorySeenStore } from '../store/seen-store';

const usage = 'usage: collect --once --sources FILE [--replay FILE] [--data DIR]\n';

/** Memory mode has no store; the collector is given in-memory cursors, so nothing may reach this one. */
const noStore: Store = {
  kind: 'chdb',
  get client(): never { throw new Error('no store in memory mode (pass --data DIR)'); },
  insert: () => Promise.reject(new Error('no store in memory mode')),
  query: () => Promise.reject(new Error('no store in memory mode')),
  command: () => Promise.reject(new Error('no store in memory mode')),
  close: () => Promise.resolve(),
};

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { once: { type: 'boolean', default: false }, sources: { type: 'string' }, replay: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean', default: false } },
    allowPositionals: false,
  });
  if (values.help || (!values.sources && !values.replay)) {
    process.stderr.write(usage);
    return values.help ? 0 : 2;
  }
  const logger = createLogger({ name: 'collect' });
  const store = values.data ? await openStore({ dataDir: join(values.data, 'chdb') }) : noStore;
  if (values.data) await migrate(store);
  const bus = createMemoryBus({ logger: logger.child({ part: 'bus' }) });
  let printed = 0;
  // Output goes through the bus like in the pipeline: what is printed is what a classifier would receive.
  await bus.subscribe({
    topic: Topics.postsRaw, groupId: 'collect-cli', schema: RawPost,
    handler: async (m) => { process.stdout.write(`${JSON.stringify(m.value)}\n`); printed += 1; },
  });
  const service = createCollectorService({ bus, store, logger, clock: systemClock }, { sourcesFile: values.sources, replayFile: values.replay }, {
    credentials: credentialsFromEnv(process.env),
    ...(values.data ? {} : { cursorStore: createMemoryCursorStore(), seenStore: createMemorySeenStore() }),
  });
  let failed = 0;
  if (values.once) {
    // Each source is polled once; a replay file with more lines than one poll takes is due again at once.
    let published = 0;
    let outcomes = await service.pollAll();
    for (let round = 0; outcomes.length > 0 && round < 10_000; round += 1) {
      published += outcomes.reduce((n, o) => n + o.published.length, 0);
      failed += outcomes.filter((o) => o.error).length;
      outcomes = await service.tick();
    }
    while (printed < published) await new Promise((r) => setTimeout(r, 5));
    const health = service.health();
    logger.info({ counters: health.counters }, `collect --once: ${published} post(s) printed, ${failed} source(s) failed`);
  } else {
    await service.start();
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await service.stop();
  }
  await bus.close();
  await store.close();
  return failed > 0 ? 1 : 0;
}

// stdout to a pipe is asynchronous: exit only once every line written so far has been flushed.
const flushStdout = (): Promise<void> => new Promise((resolve) => process.stdout.write('', () => resolve()));

main().then(async (code) => {
  await flushStdout();
  process.exit(code);
}, (error) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : (error as Error).stack ?? String(error)}\n`);
  process.exit(2);
});
