import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryBus } from '@cur/shared/bus/memory-bus';
import { openStore, type Store } from '@cur/shared/store/clickhouse';
import { migrate } from '@cur/shared/store/migrate';
import { fixtureText, startFakePlatforms, type FakePlatforms } from './fake-platforms';
import { collectRaw, makeCollector, waitFor } from './harness';

let fake: FakePlatforms;
let store: Store;
const dir = mkdtempSync(join(tmpdir(), 'collector-restart-'));
beforeAll(async () => {
  fake = await startFakePlatforms();
  store = await openStore({ dataDir: dir });
  await migrate(store);
});
afterAll(async () => {
  await fake.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Page 1 with one more message, 3059, as if it was posted while the collector was down. */
function pageWith3059(): string {
  const page = fixtureText('telegram/channel-page-1.html');
  const last = page.lastIndexOf('<div class="tgme_widget_message_wrap');
  const end = page.indexOf('</section>');
  const copy = page.slice(last, end).replaceAll('3058', '3059').replace('2026-11-13T09:14:08+00:00', '2026-11-13T11:30:00+00:00').replace('Доброе утро, Елец!', 'Днём на Мира снова прорвало трубу.');
  return page.slice(0, end) + copy + page.slice(end);
}

describe('restart resumes from the stored cursor', () => {
  const config = () => ({ platforms: { telegram: { baseUrl: fake.url } }, sources: [{ type: 'telegram_channel' as const, id: 'tg-elets', channel: 'elets_online48', backfill: { hours: 24 * 7, maxItems: 500 } }] });

  it('neither repeats nor misses across a stop and a new collector on the same store', async () => {
    const bus = createMemoryBus();
    const raw = await collectRaw(bus, 'restart-test');
    const first = makeCollector(config(), { store, bus });
    await first.service.start();
    await waitFor(() => raw.posts.length === 16);
    await first.service.stop();
    const cursor = await store.query<{ c: string }>('SELECT argMax(cursor, updated_at) AS c FROM source_cursors WHERE source_id = {id:String}', { id: 'tg-elets' });
    expect(JSON.parse(cursor[0]!.c)).toEqual({ lastId: 3058 });

    fake.use((req) => (req.path === '/s/elets_online48' && !req.query.get('before') ? { html: pageWith3059() } : undefined));
    const requestsBefore = fake.requests.length;
    const second = makeCollector(config(), { store, bus });
    const outcomes = await second.service.tick();
    expect(outcomes.map((o) => o.published.map((p) => p.uid))).toEqual([['telegram:elets_online48:3059']]);
    // The cursor stopped the paging on the first page.
    expect(fake.requests.length - requestsBefore).toBe(1);
    await waitFor(() => raw.posts.length === 17);
    expect(new Set(raw.posts.map((p) => `${p.uid}@${p.version}`)).size).toBe(17);

    // A third collector, with a lost cursor (same dedupe table): the pages are read again, nothing is republished.
    await store.command('TRUNCATE TABLE source_cursors');
    const third = makeCollector(config(), { store, bus });
    const again = await third.service.tick();
    expect(again[0]!.published).toEqual([]);
    expect((third.service.health().counters.duplicates)).toBe(17);
    await raw.stop();
    await bus.close();
  });
});
