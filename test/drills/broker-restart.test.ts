// Drill: the Kafka broker restarted under load. This file starts its own broker (infra/kafka/broker.ts, its own
// temp dir and ports) because it stops it; the shared test broker is never touched. The classifier keeps
// consuming, the producer keeps publishing across the restart; every post ends up exactly once in posts FINAL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { systemClock } from '@cur/shared/clock';
import { Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from '@cur/classifier/classifier';
import { startLocalBroker, type LocalBroker } from '../../infra/kafka/broker';
import { eventually } from './support/kafka-drill';
import { syntheticPosts } from './support/synthetic-raw-posts';

const dir = mkdtempSync(join(tmpdir(), 'drill-broker-'));
let broker: LocalBroker | undefined;
let store: Store;

beforeAll(async () => {
  [broker, store] = await Promise.all([startLocalBroker(), openStore({ dataDir: dir })]);
  await migrate(store);
}, 180_000);

afterAll(async () => {
  await store?.close();
  await broker?.remove();
  rmSync(dir, { recursive: true, force: true });
});

describe('drill: broker restarted under load', () => {
  it('publishes and consumes across the restart; every post once in posts FINAL, nothing dead-lettered', async () => {
    const logger = createLogger({ name: 'drill-broker', level: 'silent' });
    const bus = createKafkaBus({ brokers: [broker!.brokers], clientId: 'drill-broker', logger, sessionTimeoutMs: 10_000 });
    const classifier = createClassifierService({ bus, store, logger, clock: systemClock }, { groupId: 'drill-broker-classifier' });
    await classifier.start();
    const generator = syntheticPosts({ runId: 'brk', seed: 3 });
    const batch = (n: number) => Array.from({ length: n }, () => {
      const value = generator.next(new Date());
      return { key: value.uid, value };
    });
    const handled = () => (classifier.health().counters.classified ?? 0) + (classifier.health().counters.rejected ?? 0);
    const count = async () => Number((await store.query<{ n: number }>("SELECT count() AS n FROM posts FINAL WHERE uid LIKE '%:brk:%'"))[0]?.n ?? 0);

    await bus.publish(Topics.postsRaw, batch(15));
    await eventually(() => handled() >= 3, 'the classifier is under way', 60_000, 20);
    await broker!.stop(); // mid-stream: some of the 15 are still unhandled or uncommitted
    const during = bus.publish(Topics.postsRaw, batch(10)); // retried by the producer until the broker is back
    const restartStarted = Date.now();
    await broker!.restart();
    const restartMs = Date.now() - restartStarted;
    await during;
    await bus.publish(Topics.postsRaw, batch(10));
    await eventually(async () => (await count()) === 35, 'all 35 posts are in the posts table', 120_000, 250);
    await classifier.stop();
    const [row] = await store.query<{ n: number; uniq: number; written: number }>(
      "SELECT count() AS n, uniqExact(uid) AS uniq, (SELECT count() FROM posts WHERE uid LIKE '%:brk:%') AS written FROM posts FINAL WHERE uid LIKE '%:brk:%'");
    console.info(`[drill broker-restart] broker down and back in ${restartMs} ms; ${Number(row!.written)} rows written for 35 posts`);
    expect(Number(row!.n)).toBe(35);
    expect(Number(row!.uniq)).toBe(35);
    expect(bus.stats().deadLettered[Topics.postsRaw] ?? 0).toBe(0);
    await bus.close();
  }, 240_000);
});
