import { describe, expect, it } from 'vitest';
import { describeSpike, detectSpikes, poissonUpperTail, scoreSpike, spikeId, toSeries } from './spikes';

const rules = { minCount: 5, minRatio: 3, maxPValue: 0.001 };
const names = { topic: (c: string) => ({ zhkh: 'ЖКХ' } as Record<string, string>)[c] ?? c, location: (c: string) => ({ lipetsk_city: 'г. Липецк' } as Record<string, string>)[c] ?? c };

describe('poissonUpperTail', () => {
  it('is 1 at zero and falls with k', () => {
    expect(poissonUpperTail(0, 2)).toBe(1);
    expect(poissonUpperTail(1, 2)).toBeCloseTo(1 - Math.exp(-2), 10);
    expect(poissonUpperTail(10, 2)).toBeLessThan(poissonUpperTail(5, 2));
  });
  it('stays finite and tiny for very large counts', () => {
    const p = poissonUpperTail(500, 1);
    expect(p).toBeGreaterThanOrEqual(0);
    expect(p).toBeLessThan(1e-100);
  });
});

describe('scoreSpike', () => {
  it('flags a topic and place that jumps far above its own baseline', () => {
    const v = scoreSpike({ topic: 'zhkh', location: 'lipetsk_city', baseline: [2, 1, 3, 2, 2, 1, 2, 3], current: 25 }, rules);
    expect(v).not.toBeNull();
    expect(v?.ratio).toBeGreaterThan(10);
    expect(v?.severity).toBe('critical');
  });
  it('ignores a busy topic that is busy as usual', () => {
    expect(scoreSpike({ topic: 'roads', location: 'lipetsk_city', baseline: [20, 22, 19, 25, 21, 18], current: 26 }, rules)).toBeNull();
  });
  it('ignores a rise below the minimum count even from zero', () => {
    expect(scoreSpike({ topic: 'ecology', location: 'usmansky', baseline: [0, 0, 0, 0], current: 4 }, rules)).toBeNull();
  });
  it('flags a quiet topic that suddenly gets several posts', () => {
    const v = scoreSpike({ topic: 'ecology', location: 'usmansky', baseline: [0, 0, 0, 0, 0, 0], current: 6 }, rules);
    expect(v?.count).toBe(6);
    expect(v?.baselineMean).toBe(0);
  });
  it('needs both the ratio and the improbability', () => {
    // 15 against a mean of 6: p is small but the ratio is only 2.5.
    expect(scoreSpike({ topic: 'health', location: 'yelets_city', baseline: [6, 6, 6, 6, 6, 6], current: 15 }, rules)).toBeNull();
  });
});

describe('detectSpikes', () => {
  it('returns the strongest spike first', () => {
    const spikes = detectSpikes([
      { topic: 'zhkh', location: 'lipetsk_city', baseline: [1, 1, 1, 1], current: 9 },
      { topic: 'roads', location: 'yelets_city', baseline: [1, 0, 1, 0], current: 30 },
      { topic: 'health', location: 'lipetsk_city', baseline: [5, 5, 5, 5], current: 6 },
    ], rules);
    expect(spikes.map((s) => s.topic)).toEqual(['roads', 'zhkh']);
  });
});

describe('toSeries', () => {
  it('makes dense series with zeros for silent windows and the last window as current', () => {
    const series = toSeries([
      { topic: 'zhkh', location: 'lipetsk_city', window: 0, count: 2 },
      { topic: 'zhkh', location: 'lipetsk_city', window: 3, count: 7 },
      { topic: 'roads', location: 'lipetsk_city', window: 1, count: 1 },
    ], 3);
    expect(series).toContainEqual({ topic: 'zhkh', location: 'lipetsk_city', baseline: [2, 0, 0], current: 7 });
    expect(series).toContainEqual({ topic: 'roads', location: 'lipetsk_city', baseline: [0, 1, 0], current: 0 });
  });
});

describe('describeSpike', () => {
  it('writes a plain Russian summary with correct plural forms', () => {
    const v = scoreSpike({ topic: 'zhkh', location: 'lipetsk_city', baseline: [2, 2, 2, 2], current: 21 }, rules);
    expect(v).not.toBeNull();
    const text = describeSpike(v!, 60, names);
    expect(text).toContain('«ЖКХ», г. Липецк');
    expect(text).toContain('21 сообщение за последний час');
    expect(text).toContain('обычно 2,0 за такой же период, в 10,5 раза больше нормы');
  });
  it('says when such posts are usually absent', () => {
    const v = scoreSpike({ topic: 'zhkh', location: 'lipetsk_city', baseline: [0, 0, 0], current: 12 }, rules)!;
    expect(describeSpike(v, 30, names)).toContain('12 сообщений за последние 30 минут (обычно таких сообщений почти нет)');
  });
  it('gives one id per topic, place and window', () => {
    expect(spikeId('zhkh', 'lipetsk_city', '2026-11-03T10:00:00.000Z')).toBe('spike:zhkh:lipetsk_city:2026-11-03T10:00:00.000Z');
  });
});
