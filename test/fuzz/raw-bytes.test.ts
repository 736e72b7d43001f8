// Byte-level hostile messages on a real Kafka topic (the shared test broker), which publish() of JSON values
// cannot produce: invalid UTF-8, truncated JSON, a 10^5-level nested JSON text, null bytes, an empty value, and
// a near-1 MB value made of characters JSON escapes (its dead letter is larger than the original). Each consumer
// (classifier, router, sla-watch, console alert hub) dead-letters them with the reason and goes on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { systemClock } from '@cur/shared/clock';
import { Alert, DeadLetter, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import type { PipelineService } from '@cur/shared/service';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from '@cur/classifier/classifier';
import { createRouterService } from '@cur/router/router';
import { createSlaWatchService } from '@cur/sla-watch/sla-watch';
import { createAlertHub, type AlertHub } from '@cur/console/alerts/alert-hub';
import { eventually, publishRaw } from '../drills/support/kafka-drill';

const brokers = inject('kafkaBrokers');
const dir = mkdtempSync(join(tmpdir(), 'fuzz-raw-'));
const run = `fr${Date.now().toString(36)}`;
const logger = createLogger({ name: 'fuzz-raw', level: process.env.FUZZ_LOG ?? 'silent' });
let store: Store;
let bus: Bus;
let services: PipelineService[] = [];
let hub: AlertHub;
const deadLetters: DeadLetter[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = createKafkaBus({ brokers: brokers.split(','), clientId: run, logger, retryBaseMs: 20, retryMaxMs: 200 });
  const deps = { bus, store, logger, clock: systemClock };
  services = [
    createClassifierService(deps, { groupId: `${run}-classifier` }),
    createRouterService(deps, { groupId: `${run}-router` }),
    createSlaWatchService(deps, { groupId: `${run}-sla`, tickIntervalMs: 0 }),
  ];
  for (const service of services) await service.start();
  hub = createAlertHub(deps, { webhooks: [], webhookKinds: [], groupId: `${run}-console` });
  await hub.start();
  await bus.subscribe({
    topic: Topics.deadLetter, groupId: `${run}-dl`, schema: DeadLetter, fromBeginning: false,
    handler: async (m) => { if (m.value.consumerGroup.startsWith(run)) deadLetters.push(m.value); },
  });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  for (const service of services) await service.stop();
  await bus?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const hostileBytes = (): { label: string; value: Buffer | string | null; reason: RegExp }[] => [
  { label: 'invalid UTF-8', value: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc3, 0x28, 0xff, 0xfe, 0x7d]), reason: /^invalid_(json|shape): / },
  { label: 'truncated JSON', value: '{"schemaVersion":1,"uid":"vk:1', reason: /^invalid_json: / },
  { label: '10^5-level nested JSON', value: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, reason: /^invalid_(json|shape): / },
  { label: '10^5-level nested objects', value: `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, reason: /^invalid_(json|shape): / },
  { label: 'null bytes', value: Buffer.from([0, 0, 0, 0x7b, 0, 0x7d]), reason: /^invalid_json: / },
  { label: 'empty value', value: null, reason: /^empty_value: / },
  { label: 'JSON that is a string', value: '"posts.raw"', reason: /^invalid_shape: / },
  // ~900 KB of quotes and backslashes: the JSON dead-letter record escapes each one, about twice the bytes.
  { label: '900 KB of characters JSON escapes', value: '"\\'.repeat(450_000), reason: /^invalid_json: / },
];

describe.each([Topics.postsRaw, Topics.postsClassified, Topics.incidentEvents, Topics.alerts])('%s consumer, raw bytes', (topic) => {
  it('dead-letters each hostile message with the reason and processes the next valid one', async () => {
    const cases = hostileBytes();
    const key = `${run}:${topic}`;
    const started = Date.now();
    for (const c of cases) await publishRaw(brokers, topic, [{ key, value: c.value }]); // one request each: 1 MB cap
    const ours = () => deadLetters.filter((d) => d.sourceTopic === topic && d.key === key);
    await eventually(() => ours().length >= cases.length, `${cases.length} dead letters of ${topic}`, 60_000, 50).catch((e: Error) => { throw new Error(`${e.message}; got: ${ours().map((d) => d.error.slice(0, 60)).join(' / ')}`); });
    const letters = ours();
    cases.forEach((c, i) => expect(letters[i]!.error, c.label).toMatch(c.reason));
    if (topic === Topics.alerts) {
      // The next valid message on the same partition is handled.
      const next = Alert.parse({ schemaVersion: 1, alertId: `${run}-ok`, kind: 'spike', severity: 'info', region: 'lipetsk', at: new Date().toISOString(), message: 'ok' });
      await bus.publish(topic, [{ key, value: next }]);
      await eventually(() => hub.recent().some((a) => a.alertId === next.alertId), 'the valid alert after them is handled', 30_000);
    }
    console.info(`[fuzz raw ${topic}] ${cases.length} hostile byte messages dead-lettered in ${Date.now() - started} ms`);
  }, 90_000);
});
