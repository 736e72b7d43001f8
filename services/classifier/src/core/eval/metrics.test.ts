import { describe, expect, it } from 'vitest';
import type { AnnotationLabels } from '../annotate';
import { evaluate, formatReport, precisionRecall } from './metrics';

const labels = (over: Partial<AnnotationLabels> = {}): AnnotationLabels => ({
  topic: 'zhkh', location: 'lipetsk_city', importance: 'normal', abuse: 'none', needs_response: true, authorities: ['housing_dept'], ...over,
});

describe('evaluate', () => {
  it('computes precision and recall', () => {
    expect(precisionRecall(3, 1, 2)).toMatchObject({ precision: 0.75, recall: 0.6 });
  });

  it('scores topic macro-F1 over all 13 codes, abuse, critical, location, needs_response and authority', () => {
    const pairs = [
      { id: '1', gold: labels(), pred: labels() },
      { id: '2', gold: labels({ topic: 'roads', importance: 'critical' }), pred: labels({ topic: 'roads', importance: 'critical' }) },
      { id: '3', gold: labels({ abuse: 'insult', needs_response: false, authorities: ['none'] }), pred: labels({ abuse: 'obscene', needs_response: false, authorities: ['none'] }) },
      { id: '4', gold: labels({ location: 'yelets_city' }), pred: labels({ importance: 'critical', authorities: ['housing_inspection'] }) },
    ];
    const r = evaluate(pairs);
    expect(r.abuse).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(r.abuse.confusion.insult!.obscene).toBe(1);
    expect(r.critical).toMatchObject({ tp: 1, fp: 1, fn: 0, precision: 0.5, recall: 1 });
    expect(r.location.accuracy).toBe(0.75);
    expect(r.firstAuthority.accuracyAll).toBe(0.75);
    expect(r.firstAuthority.nNeedsResponse).toBe(3);
    // zhkh and roads are perfect; the 11 codes absent from both sides count as F1 = 0 in the equal-weight mean
    expect(r.topic.macroF1).toBeCloseTo(2 / 13);
    expect(r.targets.find((t) => t.metric === 'critical precision')!.pass).toBe(false);
    expect(formatReport(r)).toContain('FAIL  critical precision');
  });
});
