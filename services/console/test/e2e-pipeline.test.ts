// End to end through the whole pipeline (runtime/pipeline.ts): replayed posts become incidents; a curator works
// one in headless Chromium, and the SLA watcher records the console's event in incident_events.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createLogger } from '@cur/shared/logger';
import { startPipeline, type RunningPipeline } from '../../../runtime/pipeline';
import { tokens, users } from './helpers';

const chromiumPath = '/usr/bin/chromium';
const shouldSkip = !existsSync(chromiumPath) && !process.env.CI;
const replayFile = fileURLToPath(new URL('./fixtures/replay-posts.jsonl', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe.skipIf(shouldSkip)('console on the whole pipeline in a real browser', () => {
  let pipeline: RunningPipeline;
  let context: BrowserContext;
  let page: Page;
  let url: string;
  const dir = mkdtempSync(join(tmpdir(), 'console-pipeline-'));
  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${tokens.admin}`, 'content-type': 'application/json', ...(init.headers ?? {}) } });
    return { status: res.status, body: await res.json() as Record<string, unknown> };
  };
  const waitFor = async <T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== null) return value;
      if (Date.now() > until) throw new Error('timed out waiting for the pipeline');
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  beforeAll(async () => {
    const usersFile = join(dir, 'users.json');
    writeFileSync(usersFile, JSON.stringify({ users }));
    const port = await freePort();
    pipeline = await startPipeline({
      logger: createLogger({ name: 'pipeline-e2e', level: process.env.CONSOLE_TEST_LOG ?? 'silent' }),
      dataDir: dir, port, host: '127.0.0.1', replayFile, usersFile,
    });
    url = `http://127.0.0.1:${port}`;
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'console-chromium-')), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
      locale: 'ru-RU',
      timezoneId: 'Europe/Moscow',
    });
    page = context.pages()[0] ?? await context.newPage();
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await pipeline?.stop();
  });

  it('serves the whole pipeline\'s health on the console port', async () => {
    const res = await fetch(`${url}/health`);
    expect(res.status).toBe(200);
    const health = await res.json() as { services: Record<string, unknown> };
    expect(Object.keys(health.services)).toEqual(expect.arrayContaining(['console', 'sla-watch', 'router', 'classifier', 'collector']));
  });

  it('shows the incidents the pipeline made from replayed posts, and the watcher records a console action', async () => {
    const first = await waitFor(async () => {
      const res = await api('/api/incidents?state=all&limit=50');
      const items = (res.body.items ?? []) as { incidentId: string }[];
      return items.length > 0 ? items : null;
    }, 90_000);
    // Wait until the watcher has written the router's events, so the lifecycle has a state to move from.
    const target = await waitFor(async () => {
      for (const item of first) {
        const page = await api(`/api/incidents/${encodeURIComponent(item.incidentId)}`);
        const actions = page.body.actions as string[];
        const events = page.body.events as { isPending: boolean }[];
        if (events.length > 0 && events.every((e) => !e.isPending) && actions.includes('draft')) return item.incidentId;
      }
      return null;
    }, 60_000);

    await page.goto(url);
    await page.fill('input[name=login]', 'kurator');
    await page.fill('input[name=password]', tokens.curator);
    await page.click('button[type=submit]');
    await page.waitForSelector('#queue-table tbody tr.clickable');
    expect(await page.locator('#queue-table tbody tr.clickable').count()).toBeGreaterThan(0);
    await page.goto(`${url}/#/incident/${encodeURIComponent(target)}`);
    await page.waitForSelector('button[data-action=draft]');
    await page.locator('form.act', { has: page.locator('button[data-action=draft]') }).locator('textarea').fill('Здравствуйте! Специалисты выехали на место, проблему устранят сегодня.');
    await page.click('button[data-action=draft]');
    await page.waitForSelector('#timeline li.pending');

    // The SLA watcher consumes the event and writes it: the timeline entry stops being pending.
    await waitFor(async () => {
      const res = await api(`/api/incidents/${encodeURIComponent(target)}`);
      const events = res.body.events as { type: string; isPending: boolean }[];
      return events.some((e) => e.type === 'draft_submitted' && !e.isPending) ? true : null;
    }, 30_000);
    await page.reload();
    await page.waitForSelector('#draft-text');
    expect(await page.locator('#timeline li.pending').count()).toBe(0);
    expect(await page.locator('button[data-action=approve]').count()).toBe(1);
    await page.screenshot({ path: join(dir, 'pipeline-incident.png'), fullPage: true });
    process.stdout.write(`console pipeline e2e screenshot: ${join(dir, 'pipeline-incident.png')}\n`);
  }, 240_000);
});
