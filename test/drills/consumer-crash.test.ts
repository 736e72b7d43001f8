// Drill: a consumer process killed mid-stream (SIGKILL, no graceful stop) and a new instance started with the
// same consumer groups: every post ends up exactly once in posts FINAL, every incident once in incidents FINAL.
// The classifier and router run in a child process (chDB binds one directory per process); this process only
// publishes, watches group lag, and opens the chDB directory after the second child has exited.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKafkaBus } from '@cur/shared/bus/kafka-bus';
import { ClassifiedPost, RejectedPost, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import { openStore } from '@cur/shared/store/clickhouse';
import { eventually, kafkaAdmin } from './support/kafka-drill';
import { syntheticPosts } from './support/synthetic-raw-posts';

const brokers = inject('kafkaBrokers');
const stageScript = fileURLToPath(new URL('./support/stage-process.ts', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'drill-crash-'));
const children: ChildProcess[] = [];

function startStage(groupPrefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', stageScript, dataDir, brokers, groupPrefix], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'error' },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('READY')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`stage process exited with ${code} before READY`)));
  });
}

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
  else child.once('exit', (code) => resolve(code));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('drill: consumer killed mid-stream', () => {
  it('the restarted group finishes the stream; posts and incidents are each counted exactly once', async () => {
    const run = `crash${Date.now().toString(36)}`;
    const groupPrefix = `drill-${run}`;
    const logger = createLogger({ name: 'drill', level: 'silent' });
    const bus = createKafkaBus({ brokers: brokers.split(','), clientId: `drill-${run}`, logger });
    const admin = kafkaAdmin(brokers);
    const seen = new Set<string>();
    const observe = (uid: string) => { if (uid.includes(`:${run}:`)) seen.add(uid); };
    await bus.subscribe({ topic: Topics.postsClassified, groupId: `${groupPrefix}-watch`, schema: ClassifiedPost, fromBeginning: false, handler: async (m) => observe(m.value.post.uid) });
    await bus.subscribe({ topic: Topics.postsRejected, groupId: `${groupPrefix}-watch`, schema: RejectedPost, fromBeginning: false, handler: async (m) => observe(m.value.post.uid) });

    const first = await startStage(groupPrefix);
    const posts = 40;
    const generator = syntheticPosts({ runId: run, seed: 11 });
    await bus.publish(Topics.postsRaw, Array.from({ length: posts }, () => {
      const value = generator.next(new Date());
      return { key: value.uid, value };
    }));
    await eventually(() => seen.size >= 6, 'the first process has classified a few posts', 90_000, 20);
    first.kill('SIGKILL');
    await exited(first);
    const handledBeforeKill = seen.size;
    expect(handledBeforeKill).toBeLessThan(posts); // killed mid-stream, not after the end

    const second = await startStage(groupPrefix);
    await eventually(async () => (await admin.lag(`${groupPrefix}-classifier`, Topics.postsRaw)) === 0
      && (await admin.lag(`${groupPrefix}-router`, Topics.postsClassified)) === 0, 'both groups have committed everything', 150_000, 250);
    second.kill('SIGTERM');
    expect(await exited(second)).toBe(0);
    await admin.close();
    await bus.close();

    const store = await openStore({ dataDir });
    const like = `%:${run}:%`;
    const [postsRow] = await store.query<{ n: number; uniq: number; written: number }>(
      `SELECT count() AS n, uniqExact(uid) AS uniq, (SELECT count() FROM posts WHERE uid LIKE {like:String}) AS written
         FROM posts FINAL WHERE uid LIKE {like:String}`, { like });
    const [incidentsRow] = await store.query<{ n: number; uniq: number; posts: number }>(
      `SELECT count() AS n, uniqExact(incident_id) AS uniq, uniqExact(post_uid) AS posts FROM incidents FINAL WHERE post_uid LIKE {like:String}`, { like });
    const [expected] = await store.query<{ n: number }>(
      `SELECT count() AS n FROM posts FINAL WHERE uid LIKE {like:String} AND status = 'classified' AND needs_response = 1`, { like });
    await store.close();
    console.info(`[drill consumer-crash] killed after ${handledBeforeKill}/${posts} posts; ${Number(postsRow!.written)} posts rows written for ${posts} posts (replays collapse under FINAL)`);
    expect(Number(postsRow!.n)).toBe(posts);
    expect(Number(postsRow!.uniq)).toBe(posts);
    expect(Number(incidentsRow!.n)).toBe(Number(incidentsRow!.uniq));
    expect(Number(incidentsRow!.posts)).toBe(Number(incidentsRow!.n));
    expect(Number(incidentsRow!.n)).toBeGreaterThan(0);
    expect(Number(incidentsRow!.n)).toBeLessThanOrEqual(Number(expected!.n));
  }, 300_000);
});
