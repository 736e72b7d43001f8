import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize';
import { ALARMING_NOT_CRITICAL_SENTENCES, CRITICAL_SENTENCES } from '../../../data/critical-training';
import { conceptsOf, criticalFeatures, criticalModelScore, scoreStems, trainCriticalModel } from './critical-model';

const score = (text: string) => criticalModelScore(normalizeText(text).plain).logOdds;

describe('critical model', () => {
  it('features are content stems, adjacent stem pairs and concept families', () => {
    const f = criticalFeatures(normalizeText('Горит старый сарай').plain);
    expect([...f].sort()).toEqual(['#danger', '#fire', 'гор', 'гор стар', 'сара', 'стар', 'стар сара'].sort());
  });

  it('concept families recognise any form of a family word', () => {
    const fam = (t: string) => [...conceptsOf(normalizeText(t).stems).families].sort();
    expect(fam('Пожаром охвачен дом')).toContain('fire');
    expect(fam('Мужика шибануло током')).toEqual(expect.arrayContaining(['electric', 'people']));
    expect(fam('Потолок обрушился на ребёнка')).toEqual(expect.arrayContaining(['collapse', 'child']));
    expect(conceptsOf(normalizeText('Когда отремонтируют детскую площадку').stems).danger).toBe(0);
  });

  it('a tiny model separates its own classes and ignores unseen words', () => {
    const m = trainCriticalModel(['горит дом', 'горит сарай', 'дом горит'], ['ремонт дом', 'ремонт двор', 'дом ремонт']);
    expect(criticalModelScore('горит', m).logOdds).toBeGreaterThan(0);
    expect(criticalModelScore('ремонт', m).logOdds).toBeLessThan(0);
    expect(criticalModelScore('абракадабра', m).logOdds).toBe(m.bias);
  });

  it.each([
    'Соседи угорели, оба без сознания, скорая едет',
    'Горит квартира в подъезде, дым, дети на верхнем этаже не могут выйти',
    'Ребёнок тонет в пруду, спасателей нет',
  ])('leans critical on present danger: %s', (text) => {
    expect(score(text)).toBeGreaterThan(0.5);
  });

  it.each([
    'Когда уже починят фонарь во дворе, темно',
    'Спасибо за новую детскую площадку, дети довольны',
    'Запись к терапевту только через две недели',
  ])('leans not critical on routine complaints: %s', (text) => {
    expect(score(text)).toBeLessThan(0);
  });

  it('scoring from stems gives the same log-odds as scoring the feature strings', () => {
    for (const t of [...CRITICAL_SENTENCES, ...ALARMING_NOT_CRITICAL_SENTENCES, 'газ газ газом пахнет газ пахнет, газ']) {
      const n = normalizeText(t);
      expect(scoreStems(n.stems).logOdds).toBeCloseTo(criticalModelScore(n.plain).logOdds, 9);
    }
  });
});
