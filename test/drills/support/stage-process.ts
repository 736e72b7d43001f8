// A classifier + router process for the crash drill: `node --import tsx stage-process.ts <dataDir> <brokers> <groupPrefix>`.
// Prints "READY" on stdout once both services have joined their groups; SIGTERM stops them gracefully (exit 0);
// SIGKILL is the crash the drill is about.
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { systemClock } from '@cur/shared/clock';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from '@cur/classifier/classifier';
import { createRouterService } from '@cur/router/router';

const [dataDir, brokers, groupPrefix] = process.argv.slice(2);
if (!dataDir || !brokers || !groupPrefix) throw new Error('usage: stage-process.ts <dataDir> <brokers> <groupPrefix>');
const logger = createLogger({ name: 'drill-stage', level: process.env.LOG_LEVEL ?? 'warn' });
const store = await openStore({ dataDir });
await migrate(store);
// A short session timeout, so the group notices the killed member in seconds rather than 30 s.
const bus = createKafkaBus({ brokers: brokers.split(','), clientId: `drill-${process.pid}`, logger, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 500 });
const deps = { bus, store, clock: systemClock, logger };
const router = createRouterService(deps, { groupId: `${groupPrefix}-router` });
const classifier = createClassifierService(deps, { groupId: `${groupPrefix}-classifier` });
await router.start();
await classifier.start();
process.stdout.write('READY\n');
process.on('SIGTERM', () => {
  void (async () => {
    await classifier.stop();
    await router.stop();
    await bus.close();
    await store.close();
    process.exit(0);
  })();
});
