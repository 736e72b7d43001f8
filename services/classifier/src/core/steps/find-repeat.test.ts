import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize';
import { createMemoryHistory, defaultRepeatOptions, findRepeat, jaccard, type HistoryEntry } from './find-repeat';

const DAY = 86_400_000;
const t0 = Date.parse('2026-11-03T10:00:00Z');
const stemsOf = (text: string) => [...new Set(normalizeText(text).stems)];
const entry = (uid: string, text: string, atMs: number, extra: Partial<HistoryEntry> = {}): HistoryEntry =>
  ({ uid, authorId: 'vk_1', publishedAtMs: atMs, topic: 'zhkh', stems: stemsOf(text), ...extra });

const FIRST = 'Катукова 33, батареи в квартире еле тёплые, управляющая компания не присылает слесаря';
const SECOND = 'Снова про холодные батареи на Катукова 33: прошла неделя, слесарь так и не пришёл, управляющая компания молчит';

describe('findRepeat', () => {
  it('links the same author on the same question within the window to the earlier post', () => {
    const h = createMemoryHistory(14);
    h.add(entry('p1', FIRST, t0));
    const v = findRepeat({ uid: 'p2', authorId: 'vk_1', publishedAtMs: t0 + 7 * DAY, topic: 'zhkh', stems: stemsOf(SECOND) }, h);
    expect(v.repeatOf).toBe('p1');
    expect(v.rejectWithoutNewArguments).toBe(false);
    expect(v.evidence.score).toBeGreaterThan(0);
  });

  it('ignores another author, another question and posts outside the window', () => {
    const h = createMemoryHistory(14);
    h.add(entry('p1', FIRST, t0));
    const base = { uid: 'p2', publishedAtMs: t0 + 7 * DAY, topic: 'zhkh' as const, stems: stemsOf(SECOND) };
    expect(findRepeat({ ...base, authorId: 'vk_2' }, h).repeatOf).toBeNull();
    expect(findRepeat({ ...base, authorId: 'vk_1', topic: 'roads', stems: stemsOf('Яма на дороге у рынка, пробил колесо') }, h).repeatOf).toBeNull();
    expect(findRepeat({ ...base, authorId: 'vk_1', publishedAtMs: t0 + 20 * DAY }, h).repeatOf).toBeNull();
  });

  it('rejects a repeat with nothing new after several earlier posts when the Omsk option is on', () => {
    const h = createMemoryHistory(14);
    h.add(entry('p1', FIRST, t0));
    h.add(entry('p2', FIRST + ' опять', t0 + 2 * DAY));
    const post = { uid: 'p3', authorId: 'vk_1', publishedAtMs: t0 + 4 * DAY, topic: 'zhkh' as const, stems: stemsOf(FIRST) };
    const omsk = { ...defaultRepeatOptions, rejectWithoutNewArguments: true };
    expect(findRepeat(post, h, omsk)).toMatchObject({ repeatOf: 'p1', rejectWithoutNewArguments: true });
    expect(findRepeat(post, h).rejectWithoutNewArguments).toBe(false);
  });

  it('keeps a repeat that brings new arguments', () => {
    const h = createMemoryHistory(14);
    h.add(entry('p1', FIRST, t0, { answered: true }));
    const post = { uid: 'p2', authorId: 'vk_1', publishedAtMs: t0 + 3 * DAY, topic: 'zhkh' as const,
      stems: stemsOf(FIRST + ' теперь ребёнок заболел бронхитом, врач сказал нужна температура не ниже двадцати, жилинспекция не отвечает на обращение') };
    expect(findRepeat(post, h, { ...defaultRepeatOptions, rejectWithoutNewArguments: true }).rejectWithoutNewArguments).toBe(false);
  });

  it('prunes entries older than the window', () => {
    const h = createMemoryHistory(14);
    h.add(entry('p1', FIRST, t0));
    h.add(entry('p2', SECOND, t0 + 10 * DAY));
    h.prune(t0 + 20 * DAY);
    expect(h.byAuthor('vk_1').map((e) => e.uid)).toEqual(['p2']);
  });

  it('computes Jaccard similarity', () => {
    expect(jaccard(new Set(['a', 'b']), new Set(['b', 'c']))).toBeCloseTo(1 / 3);
    expect(jaccard(new Set(), new Set(['a']))).toBe(0);
  });
});
