// The classifier's worker thread gives the verdicts the inline engine gives, in order and with the same history;
// a worker that dies fails only the batches waiting on it, and the next batch gets a new, re-warmed worker.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { RawPost } from '@cur/shared/contracts/index';
import { defaultClassifierConfig } from '../src/config';
import { createInlineEngine, type ClassifierEngine, type WarmData } from '../src/engine/engine';
import { createWorkerEngine } from '../src/engine/worker-engine';
import { rawPost } from './raw-post';

const logger = pino({ level: 'silent' });
const now = new Date('2026-11-20T09:00:00Z');
const config = defaultClassifierConfig();
const exitingEntry = new URL('./fixtures/exiting-worker-entry.ts', import.meta.url).href;
const engines: ClassifierEngine[] = [];
afterEach(async () => { for (const e of engines.splice(0)) await e.close(); });

const texts = [
  'Липецк, ул. Катукова 40: батареи ледяные, в квартире +15, управляющая компания не отвечает',
  'Во дворе на Гагарина не горят фонари, вечером темно',
  'Горит мусорка у дома 5 на Советской, дым валит в окна',
  'Дорогу на Московской разбили, яма на яме',
  'Спасибо за концерт в парке, было здорово',
  'Работы в районе никакой, молодёжь вся уезжает',
];
const posts: RawPost[] = Array.from({ length: 36 }, (_, n) => rawPost(300, n, `${texts[n % texts.length]} (${n})`, { authorId: `vk_${n % 5}` }));
const warm: WarmData = {
  posts: [{ uid: 'vk:-300:warm', authorId: 'vk_same', publishedAtMs: Date.parse('2026-11-19T08:00:00Z'), topic: 'housing', text: 'Катукова 40: батареи ледяные, управляющая компания не отвечает' }],
  baselines: [['vk-lipetsk-group', 10]],
};
const repeatOfWarm = rawPost(300, 99, 'Снова пишу: Катукова 40, батареи ледяные, управляющая компания так и не ответила', { authorId: 'vk_same' });

function engine(make: () => ClassifierEngine): ClassifierEngine {
  const e = make();
  engines.push(e);
  return e;
}

describe('classifier worker engine', () => {
  it('gives the verdicts of the inline engine, in order, batch after batch', async () => {
    const inline = engine(() => createInlineEngine(config, async () => warm));
    const worker = engine(() => createWorkerEngine(config, async () => warm, logger));
    await inline.start();
    await worker.start();
    const batches = [posts.slice(0, 10), posts.slice(10, 11), posts.slice(11), [repeatOfWarm]];
    for (const batch of batches) {
      expect(await worker.classifyBatch(batch, now)).toEqual(await inline.classifyBatch(batch, now));
    }
    expect(worker.stats()).toEqual(inline.stats());
    expect(worker.stats().historyPosts).toBeGreaterThan(30);
    const [last] = await worker.classifyBatch([{ ...repeatOfWarm, uid: 'vk:-300:100' }], now);
    expect(last?.classification.repeatOf).toBe('vk:-300:warm'); // the warmed post, the first on the question
  });

  it('keeps the order of batches handed over at once', async () => {
    const worker = engine(() => createWorkerEngine(config, async () => warm, logger));
    await worker.start();
    const first = rawPost(300, 200, 'Советская 12: в подъезде третью неделю не работает лифт, управляющая компания молчит', { authorId: 'vk_order' });
    const again = rawPost(300, 201, 'Опять пишу: Советская 12, лифт так и не работает, управляющая компания молчит', { authorId: 'vk_order' });
    const [, second] = await Promise.all([worker.classifyBatch([first], now), worker.classifyBatch([again], now)]);
    expect(second?.[0]?.classification.repeatOf).toBe(first.uid);
  });

  it('fails the batch of a worker that died, then starts a new worker warmed again', async () => {
    let warmed = 0;
    const worker = engine(() => createWorkerEngine(config, async () => { warmed++; return warm; }, logger, exitingEntry));
    await worker.start();
    const crash = rawPost(300, 500, 'exit now');
    await expect(worker.classifyBatch([posts[0]!, crash], now)).rejects.toThrow(/exited \(code 3\)/);
    const [verdict] = await worker.classifyBatch([repeatOfWarm], now);
    expect(verdict?.classification.repeatOf).toBe('vk:-300:warm');
    expect(warmed).toBe(2);
    expect(worker.stats().restarts).toBe(1);
    // An uncaught error ends the thread too; the batch's error says what it was.
    await expect(worker.classifyBatch([rawPost(300, 501, 'throw now')], now)).rejects.toThrow(/exited \(code 1\): a bug in the worker/);
    expect((await worker.classifyBatch([posts[1]!], now))).toHaveLength(1);
    expect(worker.stats().restarts).toBe(2);
  });

  it('ends a worker that does not answer a batch in time, fails that batch, and goes on with a new one', async () => {
    const quick = { ...config, workerBatchTimeoutMs: 1_000 };
    const worker = engine(() => createWorkerEngine(quick, async () => warm, logger, exitingEntry));
    await worker.start();
    const started = performance.now();
    await expect(worker.classifyBatch([rawPost(300, 600, 'hang now')], now)).rejects.toThrow(/exited \(code 1\): no answer to a batch within 1000 ms/);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(await worker.classifyBatch([posts[2]!], now)).toHaveLength(1);
    expect(worker.stats().restarts).toBe(1);
  });

  it('refuses work once closed, and starts again', async () => {
    const worker = engine(() => createWorkerEngine(config, async () => warm, logger));
    await worker.start();
    await worker.close();
    await expect(worker.classifyBatch([posts[0]!], now)).rejects.toThrow(/closed/);
    await worker.start();
    expect(await worker.classifyBatch([posts[0]!], now)).toHaveLength(1);
  });

  it('starts its worker without the flags of the service\'s command line (a preloaded module may not run in a worker)', () => {
    const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--import', fixture('signal-preload.ts'), fixture('classify-one.ts')], { encoding: 'utf8', timeout: 60_000 });
    expect(out).toMatch(/^topic [a-z_]+\n$/);
  }, 60_000);
});
