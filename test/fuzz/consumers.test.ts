// Every consumer fed malformed and hostile messages through the (in-process) bus: the classifier (posts.raw),
// the router (posts.classified), the SLA watcher (incident.events) and the console's alert hub (alerts).
// Each message the contract rejects becomes a dead letter with the reason; nothing crashes or hangs; the next
// valid message is processed. Byte-level cases (invalid UTF-8, broken or 10^5-deep JSON text) need a raw
// producer and live in raw-bytes.test.ts on Kafka; the memory bus carries 1-5 MB values, which Kafka's default
// 1 MB message limit would refuse.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZodType } from 'zod';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { systemClock } from '@cur/shared/clock';
import { Alert, ClassifiedPost, DeadLetter, IncidentEvent, RawPost, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import type { PipelineService } from '@cur/shared/service';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from '@cur/classifier/classifier';
import { createRouterService } from '@cur/router/router';
import { createSlaWatchService } from '@cur/sla-watch/sla-watch';
import { createAlertHub, type AlertHub } from '@cur/console/alerts/alert-hub';
import { eventually } from '../drills/support/kafka-drill';
import { syntheticPosts } from '../drills/support/synthetic-raw-posts';
import { megabytes, pollutionAttempts, randomMutations, withPath, wrongTypes } from './hostile';

const dir = mkdtempSync(join(tmpdir(), 'fuzz-consumers-'));
const logger = createLogger({ name: 'fuzz', level: 'silent' });
let store: Store;
let bus: Bus;
let services: { classifier: PipelineService; router: PipelineService; slaWatch: PipelineService };
let hub: AlertHub;
const deadLetters: DeadLetter[] = [];

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = createMemoryBus({ logger, retryBaseMs: 5, retryMaxMs: 20 });
  const deps = { bus, store, logger, clock: systemClock };
  services = {
    classifier: createClassifierService(deps, {}),
    router: createRouterService(deps, {}),
    slaWatch: createSlaWatchService(deps, { tickIntervalMs: 0 }),
  };
  for (const service of Object.values(services)) await service.start();
  hub = createAlertHub(deps, { webhooks: [], webhookKinds: [] });
  await hub.start();
  await bus.subscribe({ topic: Topics.deadLetter, groupId: 'fuzz-dl', schema: DeadLetter, handler: async (m) => { deadLetters.push(m.value); } });
}, 120_000);

afterAll(async () => {
  await hub?.stop();
  for (const service of Object.values(services ?? {})) await service.stop();
  await bus?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const rawPost = (): RawPost => syntheticPosts({ runId: 'fz', seed: Math.floor(Math.random() * 1e6) }).next(new Date());
const classified = (post: RawPost): ClassifiedPost => ClassifiedPost.parse({
  schemaVersion: 1, post, classifiedAt: new Date().toISOString(),
  classification: {
    topic: 'zhkh', location: 'lipetsk_city', importance: 'normal', abuse: 'none', isSpam: false, needsResponse: true,
    repeatOf: null, authorities: ['housing_dept'], evidence: [{ step: 'topic', value: 'zhkh', matched: ['батареи'] }],
  },
});
const incidentEvent = (id: string): IncidentEvent => IncidentEvent.parse({
  schemaVersion: 1, eventId: `${id}:created`, incidentId: id, region: 'lipetsk', type: 'created', at: new Date().toISOString(), importance: 'normal',
});
const alert = (id: string): Alert => Alert.parse({
  schemaVersion: 1, alertId: id, kind: 'critical_post', severity: 'critical', region: 'lipetsk', incidentId: null, stage: null,
  at: new Date().toISOString(), message: 'Пахнет газом в подъезде', data: {},
});

interface Case { topic: string; schema: ZodType; valid: () => unknown; textPath: string; processed: (valid: unknown) => () => boolean | Promise<boolean> }

const counter = (service: () => PipelineService, key: string) => service().health().counters[key] ?? 0;

const cases: Case[] = [
  {
    topic: Topics.postsRaw, schema: RawPost, valid: rawPost, textPath: 'text',
    processed: () => { const before = counter(() => services.classifier, 'classified') + counter(() => services.classifier, 'rejected'); return () => counter(() => services.classifier, 'classified') + counter(() => services.classifier, 'rejected') > before; },
  },
  {
    topic: Topics.postsClassified, schema: ClassifiedPost, valid: () => classified(rawPost()), textPath: 'post.text',
    processed: () => { const before = counter(() => services.router, 'consumed'); return () => counter(() => services.router, 'consumed') > before; },
  },
  {
    topic: Topics.incidentEvents, schema: IncidentEvent, valid: () => incidentEvent(`inc:fz:${Math.random().toString(36).slice(2)}`), textPath: 'text',
    processed: () => { const before = counter(() => services.slaWatch, 'events'); return () => counter(() => services.slaWatch, 'events') > before; },
  },
  {
    topic: Topics.alerts, schema: Alert, valid: () => alert(`fz-${Math.random().toString(36).slice(2)}`), textPath: 'message',
    processed: (valid) => () => hub.recent().some((a) => a.alertId === (valid as Alert).alertId),
  },
];

describe.each(cases)('$topic consumer under hostile input', ({ topic, schema, valid, textPath, processed }) => {
  it('dead-letters every message the contract rejects, with the reason, in bounded time; then handles a valid one', async () => {
    const base = valid() as Record<string, unknown>;
    const hostile = [
      ...wrongTypes(base),
      ...pollutionAttempts(base),
      { label: 'a 1 MB text', value: withPath(base, textPath, megabytes(1)) },
      { label: 'a 5 MB text', value: withPath(base, textPath, megabytes(5, 'z')) },
      { label: 'null bytes and lone surrogates in every string', value: JSON.parse(JSON.stringify(base, (_k, v) => (typeof v === 'string' && v.length > 0 && !/^\d{4}-/.test(v) ? `${v}\u0000\ud800` : v))) },
      ...randomMutations(base, 40, topic.length * 7919),
    ];
    const invalid = hostile.filter((h) => !schema.safeParse(h.value).success);
    const key = (i: number) => `fuzz:${topic}:${i}`;
    const started = Date.now();
    // One key: one partition, so the valid message after them is handled only after every hostile one.
    await bus.publish<unknown>(topic, hostile.map((h) => ({ key: key(0), value: h.value })));
    const ours = () => deadLetters.filter((d) => d.sourceTopic === topic && d.key === key(0));
    await eventually(() => ours().length >= invalid.length, `${invalid.length} dead letters of ${topic}`, 60_000, 20);
    const next = valid();
    const isProcessed = processed(next);
    await bus.publish(topic, [{ key: key(0), value: next }]);
    await eventually(isProcessed, `the valid message after the hostile ones is processed on ${topic}`, 30_000, 20);
    const elapsed = Date.now() - started;

    const letters = ours().filter((d) => d.consumerGroup !== 'sla-watch' || /^invalid_|^empty_/.test(d.error));
    expect(letters.length).toBe(invalid.length);
    for (const letter of letters) {
      expect(letter.error).toMatch(/^(invalid_shape|invalid_json|empty_value): \S/);
      expect(Buffer.byteLength(letter.value)).toBeLessThanOrEqual(1024 * 1024);
    }
    // The pollution attempts are refused as unknown keys and the prototype stays clean.
    expect(letters.some((d) => /__proto__|constructor/.test(d.error))).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // The huge texts name the field that is too long.
    expect(letters.some((d) => d.error.includes(textPath) && /too big|too_big|Too big/i.test(d.error))).toBe(true);
    console.info(`[fuzz ${topic}] ${hostile.length} hostile messages (${invalid.length} invalid by contract, ${hostile.length - invalid.length} valid oddities) handled in ${elapsed} ms`);
  }, 120_000);
});

describe('valid but odd: null bytes in a post text', () => {
  it('is stored as sent (String columns carry \\0) and classified, not dropped', async () => {
    const post = { ...rawPost(), uid: 'vk:fz:nul', text: 'Нет горячей воды\u0000 на Катукова, 33' };
    await bus.publish(Topics.postsRaw, [{ key: post.uid, value: post }]);
    await eventually(async () => (await store.query<{ text: string }>("SELECT text FROM posts FINAL WHERE uid = 'vk:fz:nul'")).length === 1, 'the post row exists', 30_000);
    const [row] = await store.query<{ text: string }>("SELECT text FROM posts FINAL WHERE uid = 'vk:fz:nul'");
    expect(row!.text).toBe(post.text);
  }, 60_000);
});
