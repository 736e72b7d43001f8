// End to end in real headless Chromium: sign in, see the queue, approve a draft, see the dashboard chart, screenshots.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { fixedClock } from '@cur/shared/clock';
import { IncidentEvent, Topics } from '@cur/shared/contracts/index';
import { createLogger } from '@cur/shared/logger';
import type { Store } from '@cur/shared/store/clickhouse';
import { createConsoleService, type ConsoleService } from '../src/console';
import { iso, now, openTestStore, seed, tokens, users } from './helpers';

const chromiumPath = '/usr/bin/chromium';
// Skipped only on a developer machine without Chromium; in CI a missing browser fails the test.
const shouldSkip = !existsSync(chromiumPath) && !process.env.CI;

describe.skipIf(shouldSkip)('console in a real browser', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let service: ConsoleService;
  let context: BrowserContext;
  let page: Page;
  const bus = createMemoryBus();
  const published: IncidentEvent[] = [];
  const shots = mkdtempSync(join(tmpdir(), 'console-shots-'));

  beforeAll(async () => {
    ({ store, cleanup } = await openTestStore('console-e2e-'));
    await seed(store);
    await bus.subscribe({ topic: Topics.incidentEvents, groupId: 'e2e-watch', schema: IncidentEvent, handler: async (m) => { published.push(m.value); } });
    service = createConsoleService(
      { bus, store, clock: fixedClock(now), logger: createLogger({ name: 'console-e2e', level: process.env.CONSOLE_TEST_LOG ?? 'silent' }) },
      { port: 0, users, spelling: false, spikes: { checkIntervalSec: 0 }, outboxPollMs: 3_600_000 },
    );
    await service.start();
    context = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'console-chromium-')), {
      executablePath: chromiumPath,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1400, height: 1000 },
      locale: 'ru-RU',
      timezoneId: 'Europe/Moscow',
    });
    page = context.pages()[0] ?? await context.newPage();
    await page.clock.setFixedTime(now);
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await service?.stop();
    await bus.close();
    await cleanup?.();
  });

  it('signs in and shows the queue with the critical incident first', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(service.url() ?? '');
    await page.fill('input[name=login]', 'kurator');
    await page.fill('input[name=password]', tokens.curator);
    await page.click('button[type=submit]');
    await page.waitForSelector('#queue-table tbody tr.clickable');
    const rows = page.locator('#queue-table tbody tr.clickable');
    expect(await rows.count()).toBe(3);
    expect(await rows.first().textContent()).toContain('Весь дом без отопления');
    expect(await rows.first().locator('.badge.imp-critical').textContent()).toBe('Критическая');
    expect(await page.locator('#who').textContent()).toContain('Мария Куратор');
    await page.screenshot({ path: join(shots, 'queue.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('opens the incident with a draft, sees the checklist and approves it', async () => {
    await page.locator('#queue-table tbody tr.clickable', { hasText: 'Яма на ул. Мира' }).click();
    await page.waitForSelector('#draft-text');
    expect(await page.locator('#draft-text').textContent()).toContain('Здравствуйте, Анна!');
    expect(await page.locator('#draft-check').textContent()).toContain('Приветствие автора');
    expect(await page.locator('#clocks').textContent()).toContain('Согласование');
    await page.click('button[data-action=approve]');
    await page.waitForSelector('#timeline li.pending');
    expect(await page.locator('#timeline li.pending').textContent()).toContain('Согласовано');
    for (let i = 0; i < 100 && !published.some((e) => e.type === 'approved'); i += 1) await new Promise((r) => setTimeout(r, 20));
    expect(published.find((e) => e.type === 'approved')).toMatchObject({ incidentId: 'inc:vk:1:2', actor: 'kurator' });
    expect(await page.locator('button[data-action=publish]').count()).toBe(1);
    await page.screenshot({ path: join(shots, 'incident.png'), fullPage: true });
  });

  it('draws the dashboard chart with the spike marker and the table by municipality', async () => {
    await page.goto(`${service.url()}/#/dashboard?from=${encodeURIComponent(iso(-24 * 60))}&to=${encodeURIComponent(iso(0))}&bucket=hour&by=topic`);
    await page.waitForSelector('#volume-chart rect');
    expect(await page.locator('#volume-chart rect').count()).toBeGreaterThan(10);
    expect(await page.locator('#volume-chart .spike-marker').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('#spikes').textContent()).toContain('«Дороги», г. Елец');
    expect(await page.locator('#municipal-table').textContent()).toContain('г. Елец');
    await page.screenshot({ path: join(shots, 'dashboard.png'), fullPage: true });
    process.stdout.write(`console e2e screenshots: ${shots}\n`);
  });

  it('shows the reports with CSV links', async () => {
    await page.goto(`${service.url()}/#/reports?month=2026-11`);
    await page.waitForSelector('#compliance-table tbody tr');
    expect(await page.locator('#compliance-table').textContent()).toContain('Управление ЖКХ');
    expect(await page.locator('#registry-table').textContent()).toContain('Управление здравоохранения');
    const csv = await page.evaluate(async () => (await fetch('/api/reports/monthly?month=2026-11&format=csv')).text());
    expect(csv).toContain('Исполнитель');
    await page.screenshot({ path: join(shots, 'reports.png'), fullPage: true });
  });
});
