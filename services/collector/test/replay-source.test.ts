import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaySourceConfig } from '../src/collector';
import { createMemoryCursorStore } from '../src/store/cursor-store';
import { collectRaw, makeCollector, waitFor } from './harness';

const dir = mkdtempSync(join(tmpdir(), 'collector-replay-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The first records of the development set (labels are in the file and must not reach posts.raw).
const devLines = readFileSync(join(__dirname, 'fixtures/replay/dev.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, 5);
const uidOf = (line: string | undefined): string => {
  const r = JSON.parse(line!);
  return `replay:${r.source}:${r.id}`;
};

describe('replay source', () => {
  it('publishes each record once, reports malformed lines by number and goes on', async () => {
    const file = join(dir, 'mixed.jsonl');
    writeFileSync(file, [devLines[0], '{"id": "broken"', devLines[1], '', '{"id":"x","source":"forum","kind":"post","author_id":"a","published_at":"2026-11-01T00:00:00Z","text":"t"}', devLines[2]].join('\n'));
    const cursors = createMemoryCursorStore();
    const h = makeCollector({ replayFile: file }, { runtime: { cursorStore: cursors } });
    const raw = await collectRaw(h.bus, 'replay-test');
    const [outcome] = await h.service.pollAll();
    expect(outcome!.published.map((p) => p.uid)).toEqual([uidOf(devLines[0]), uidOf(devLines[1]), uidOf(devLines[2])]);
    const first = JSON.parse(devLines[0]!);
    expect(outcome!.published[0]).toMatchObject({ platform: 'replay', source: first.source, region: 'lipetsk', authorId: first.author_id, publishedAt: first.published_at, collectedAt: first.published_at, url: 'replay://dev-0001', payload: { id: 'dev-0001' } });
    expect(JSON.stringify(outcome!.published)).not.toContain('labels');
    const warnings = h.logs.filter((l) => l.event === 'poll_warning').map((l) => String(l.msg));
    expect(warnings).toEqual([expect.stringMatching(/line 2: not JSON/), expect.stringMatching(/line 5: source/)]);
    await waitFor(() => raw.posts.length === 3);
    // Appended lines are picked up; nothing is repeated.
    writeFileSync(file, `${readFileSync(file, 'utf8')}\n${devLines[3]}\n`);
    const [next] = await h.service.pollAll();
    expect(next!.published.map((p) => p.uid)).toEqual([uidOf(devLines[3])]);
    expect(cursors.snapshot().replay).toEqual({ file, linesDone: 7 });
    await raw.stop();
  });

  it('stamps collectedAt with the clock when asked, and pages a long file', async () => {
    const file = join(dir, 'five.jsonl');
    writeFileSync(file, `${devLines.join('\n')}\n`);
    const h = makeCollector({ sources: [{ ...replaySourceConfig(file, { collectedAt: 'now' }), maxRecordsPerPoll: 2 }] });
    const [first] = await h.service.pollAll();
    expect(first!.published.map((p) => p.collectedAt)).toEqual(['2026-11-13T12:00:00.000Z', '2026-11-13T12:00:00.000Z']);
    // More is ready: the source is due again at once.
    const rest = [...(await h.service.tick()), ...(await h.service.tick())];
    expect(rest.flatMap((o) => o.published).map((p) => p.uid)).toEqual(devLines.slice(2).map(uidOf));
  });
});
