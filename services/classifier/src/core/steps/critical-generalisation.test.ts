// Generalisation of the critical decision to wordings it was not written for: k-fold cross-validation of the whole
// importance step over the model's own training sentences (each fold judged by a model trained without it), and the
// eighth round's probe sentences (importance-probe-sentences.ts). Rates, like the evaluation targets.
import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize';
import { crossValidateCritical } from './critical-model';
import { PROBE_B_CRITICAL, PROBE_B_ROUTINE, PROBE_CRITICAL, PROBE_ROUTINE } from './importance-probe-sentences';
import { defaultImportanceOptions, rateImportance } from './rate-importance';
import { locate } from './locate';

const isCritical = (text: string): boolean => {
  const n = normalizeText(text);
  return rateImportance({ plain: n.plain, stems: n.stems, abuse: 'none', isSpam: false, location: locate(text).location }).importance === 'critical';
};

describe('critical decision on unseen wording', () => {
  it('5-fold cross-validation over the training sentences: recall ≥ 0.70 with precision ≥ 0.90 (look-alike negatives)', () => {
    const cv = crossValidateCritical((text, model) => {
      const n = normalizeText(text);
      return rateImportance({ plain: n.plain, stems: n.stems, abuse: 'none', isSpam: false, location: 'lipetsk_city' },
        { ...defaultImportanceOptions, criticalModel: model }).importance === 'critical';
    }, 5);
    expect(cv.recall).toBeGreaterThanOrEqual(0.7);
    expect(cv.precision).toBeGreaterThanOrEqual(0.9);
  });

  it.each([
    ['first probe set (seen while tuning)', PROBE_CRITICAL, PROBE_ROUTINE, 0.65],
    ['second probe set (measured, not tuned on)', PROBE_B_CRITICAL, PROBE_B_ROUTINE, 0.75],
  ] as const)('%s: finds the critical posts and leaves the look-alikes', (_name, critical, routine, minRecall) => {
    const missed = critical.filter((t) => !isCritical(t));
    expect(1 - missed.length / critical.length, missed.join('\n')).toBeGreaterThanOrEqual(minRecall);
    const raised = routine.filter(isCritical);
    expect(raised.length / routine.length, raised.join('\n')).toBeLessThanOrEqual(0.1);
  });
});
