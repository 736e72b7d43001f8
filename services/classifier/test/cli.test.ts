import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const dir = mkdtempSync(join(tmpdir(), 'classifier-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Records of our own in the dev.jsonl format (two by one author, a week apart: a repeat).
const records = [
  { id: 't-1', source: 'vk', kind: 'post', author_id: 'vk_7', published_at: '2026-11-02T10:00:00+03:00',
    text: 'Липецк, ул. Балмочных 11: во дворе не горят фонари уже месяц, почините освещение',
    labels: { topic: 'improvement', location: 'lipetsk_city', importance: 'normal', abuse: 'none', authorities: ['lipetsk_city_admin'], needs_response: true } },
  { id: 't-2', source: 'ok', kind: 'comment', author_id: 'ok_1', published_at: '2026-11-03T10:00:00+03:00',
    text: 'эти бездари в мэрии только деньги пилят',
    labels: { topic: 'other', location: 'lipetsk_city', importance: 'normal', abuse: 'insult', authorities: ['none'], needs_response: false } },
  { id: 't-3', source: 'vk', kind: 'post', author_id: 'vk_7', published_at: '2026-11-09T10:00:00+03:00',
    text: 'Повторно про фонари во дворе на Балмочных 11 в Липецке: прошла неделя, ничего не сделано, темно',
    labels: { topic: 'improvement', location: 'lipetsk_city', importance: 'high', abuse: 'none', authorities: ['lipetsk_city_admin'], needs_response: true } },
];
const file = join(dir, 'set.jsonl');
writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');

const run = (script: string, args: string[], input?: string): string =>
  execFileSync(tsx, [join(root, 'services/classifier/src/cli', script), ...args], {
    cwd: root, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'silent' },
  });

describe('annotate CLI', () => {
  it('writes one JSON line per record on stdout and nothing else', () => {
    const out = run('annotate.ts', [], records.map((r) => JSON.stringify(r)).join('\n'));
    const lines = out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['t-1', 't-2', 't-3']);
    expect(Object.keys(lines[0]).sort()).toEqual(['abuse', 'authorities', 'id', 'importance', 'location', 'needs_response', 'topic']);
    expect(lines[1]).toMatchObject({ abuse: 'insult', needs_response: false, authorities: ['none'] });
    expect(lines[2]).toMatchObject({ topic: 'improvement', importance: 'high', needs_response: true });
  }, 60_000);
});

describe('eval CLI', () => {
  it('prints machine-readable metrics with --json', () => {
    const report = JSON.parse(run('eval.ts', [file, '--json']));
    expect(report.n).toBe(3);
    expect(report.abuse).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(report.targets.map((t: { metric: string }) => t.metric)).toContain('topic macro-F1');
  }, 60_000);

  it('scores a predictions file instead of running the classifier', () => {
    const pred = join(dir, 'pred.jsonl');
    writeFileSync(pred, records.map((r) => JSON.stringify({ id: r.id, ...r.labels })).join('\n'));
    const text = run('eval.ts', [file, '--predictions', pred]);
    expect(text).toContain('needs_response accuracy');
    expect(text).toMatch(/NEEDS_RESPONSE accuracy 100\.0%/);
  }, 60_000);
});
