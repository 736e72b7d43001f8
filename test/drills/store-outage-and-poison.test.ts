// Drills on the shared test broker, the classifier service and chDB:
// - ClickHouse unavailable for a while (12 s here, kept short on purpose). chDB has no server to stop, so OUR
//   store is wrapped: while "down", insert/query fail as a ClickHouse client fails when the server refuses the
//   connection (ECONNREFUSED). The consumer must not commit, must retry, and must lose and dead-letter nothing.
// - A poison message: unreadable bytes, a wrong shape, and a post whose handling fails every time are each
//   dead-lettered with the reason, and the stream goes on.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import type { Bus } from '@cur/shared/bus/bus';
import { systemClock } from '@cur/shared/clock';
import { DeadLetter, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { createClassifierService } from '@cur/classifier/classifier';
import { eventually, kafkaAdmin, publishRaw } from './support/kafka-drill';
import { syntheticPosts } from './support/synthetic-raw-posts';

const brokers = inject('kafkaBrokers');
const dir = mkdtempSync(join(tmpdir(), 'drill-store-'));
const run = `so${Date.now().toString(36)}`;
let store: Store;
let bus: Bus;
const deadLetters: DeadLetter[] = [];
const logger = createLogger({ name: 'drill-store', level: 'silent' });

/** Our store with a switch: while down, every call fails like a refused connection; `failFor` fails chosen posts. */
function switchableStore(inner: Store) {
  const state = { down: false, failedCalls: 0, failFor: new Set<string>() };
  const refuse = (): never => {
    state.failedCalls++;
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8123 (drill: store down)'), { code: 'ECONNREFUSED' });
  };
  const wrapped: Store = {
    kind: inner.kind,
    client: inner.client,
    async insert(table, rows) {
      if (state.down) refuse();
      if (rows.some((r) => state.failFor.has((r as { uid?: string }).uid ?? ''))) throw new Error('Code: 27. DB::Exception: Cannot parse input (drill: this row always fails)');
      return inner.insert(table, rows);
    },
    async query(sql, params) {
      if (state.down) refuse();
      return inner.query(sql, params);
    },
    async command(sql, params) {
      if (state.down) refuse();
      return inner.command(sql, params);
    },
    close: () => inner.close(),
  };
  return { store: wrapped, state };
}

beforeAll(async () => {
  store = await openStore({ dataDir: dir });
  await migrate(store);
  bus = createKafkaBus({ brokers: brokers.split(','), clientId: `drill-${run}`, logger, retryBaseMs: 100, retryMaxMs: 1_000 });
  await bus.subscribe({
    topic: Topics.deadLetter, groupId: `${run}-dl`, schema: DeadLetter, fromBeginning: false,
    handler: async (m) => { if (m.value.consumerGroup.startsWith(run)) deadLetters.push(m.value); },
  });
});

afterAll(async () => {
  await bus?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const countPosts = async (like: string) => Number((await store.query<{ n: number; uniq: number }>(
  'SELECT count() AS n FROM posts FINAL WHERE uid LIKE {like:String}', { like }))[0]?.n ?? 0);

describe('drill: ClickHouse unavailable for a while', () => {
  it('retries without committing while the store is down, then writes every post once; nothing dead-lettered', async () => {
    const { store: flaky, state } = switchableStore(store);
    const groupId = `${run}-outage`;
    const classifier = createClassifierService({ bus, store: flaky, logger, clock: systemClock }, { groupId });
    await classifier.start();
    const admin = kafkaAdmin(brokers);
    const generator = syntheticPosts({ runId: `${run}o`, seed: 5 });
    const posts = Array.from({ length: 24 }, () => { const value = generator.next(new Date()); return { key: value.uid, value }; });
    await bus.publish(Topics.postsRaw, posts.slice(0, 4));
    await eventually(async () => (await countPosts(`%:${run}o:%`)) === 4, 'the first posts are written before the outage');
    await eventually(async () => (await admin.lag(groupId, Topics.postsRaw)) === 0, 'and committed');
    const committedBefore = await admin.committed(groupId, Topics.postsRaw);

    state.down = true;
    const outageStart = Date.now();
    await bus.publish(Topics.postsRaw, posts.slice(4));
    await eventually(() => state.failedCalls >= 6, 'the consumer keeps retrying against the down store', 20_000, 50);
    // Well past the bus's 5-attempt budget for ordinary failures (about 1.5 s at 100 ms base): still no commit.
    while (Date.now() - outageStart < 12_000) {
      expect(await admin.committed(groupId, Topics.postsRaw)).toBe(committedBefore);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    expect(await admin.lag(groupId, Topics.postsRaw)).toBeGreaterThanOrEqual(20);
    state.down = false;

    await eventually(async () => (await countPosts(`%:${run}o:%`)) === 24, 'every post is written once the store is back', 90_000, 250);
    await eventually(async () => (await admin.lag(groupId, Topics.postsRaw)) === 0, 'and every offset is committed', 30_000);
    const [row] = await store.query<{ n: number; uniq: number }>(
      'SELECT count() AS n, uniqExact(uid) AS uniq FROM posts FINAL WHERE uid LIKE {like:String}', { like: `%:${run}o:%` });
    expect(Number(row!.n)).toBe(24);
    expect(Number(row!.uniq)).toBe(24);
    expect(deadLetters.filter((d) => d.consumerGroup === groupId)).toEqual([]);
    console.info(`[drill store-outage] ${state.failedCalls} store calls refused during a 12 s outage; no commit, no dead letter, 24/24 written`);
    await classifier.stop();
    await admin.close();
  }, 150_000);
});

describe('drill: poison messages', () => {
  it('dead-letters unreadable, wrongly shaped and always-failing messages with their reasons; the stream goes on', async () => {
    const { store: poisoned, state } = switchableStore(store);
    const groupId = `${run}-poison`;
    const classifier = createClassifierService({ bus, store: poisoned, logger, clock: systemClock }, { groupId });
    await classifier.start();
    const generator = syntheticPosts({ runId: `${run}p`, seed: 6 });
    const valid = () => { const value = generator.next(new Date()); return { key: value.uid, value }; };
    const [a, b, c, d] = [valid(), valid(), valid(), valid()];
    state.failFor.add(b.value.uid);
    // One key for all, so they share a partition and the order of handling is the order here.
    const key = `${run}-same-key`;
    await bus.publish(Topics.postsRaw, [{ key, value: a.value }]);
    await publishRaw(brokers, Topics.postsRaw, [{ key, value: Buffer.from([0x7b, 0xff, 0xfe, 0x22]) }, { key, value: '{"schemaVersion":1,' }]);
    await bus.publish<unknown>(Topics.postsRaw, [{ key, value: { ...a.value, uid: 7 } }, { key, value: b.value }, { key, value: c.value }, { key, value: d.value }]);
    await eventually(async () => (await countPosts(`%:${run}p:%`)) === 3 && deadLetters.filter((x) => x.consumerGroup === groupId).length === 4,
      'three valid posts written and four dead letters', 60_000, 100);
    const letters = deadLetters.filter((x) => x.consumerGroup === groupId).map((x) => x.error);
    expect(letters[0]).toMatch(/^invalid_json: /);
    expect(letters[1]).toMatch(/^invalid_json: /);
    expect(letters[2]).toMatch(/^invalid_shape: uid: /);
    expect(letters[3]).toMatch(/^handler_failed after 5 attempts: .*this row always fails/);
    const written = await store.query<{ uid: string }>('SELECT uid FROM posts FINAL WHERE uid LIKE {like:String} ORDER BY uid', { like: `%:${run}p:%` });
    expect(written.map((r) => r.uid).sort()).toEqual([a.value.uid, c.value.uid, d.value.uid].sort());
    await classifier.stop();
  }, 90_000);
});
