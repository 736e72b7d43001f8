import { describe, expect, it } from 'vitest';
import { lowerRu, matchView, normalizeText, stem, stripNoise, translit } from './normalize';

describe('normalizeText', () => {
  it('lower-cases and folds ё into е', () => {
    expect(lowerRu('ЁЛКА Ещё')).toBe('елка еще');
  });

  it('strips links, mentions and emoji for classification', () => {
    const n = normalizeText('Смотрите https://vk.com/wall-1_2 и www.site.ru 😡🔥 @admin_group ямы');
    expect(n.plain).not.toMatch(/vk\.com|site\.ru|😡|🔥|admin_group/);
    expect(n.words).toContain('ямы');
  });

  it('keeps emoji out of stripNoise output but leaves words alone', () => {
    expect(stripNoise('дом 🏠 горит').replace(/\s+/g, ' ')).toBe('дом горит');
  });

  it('stems Russian words with the Porter stemmer and drops stop words', () => {
    const n = normalizeText('Батареи в квартире холодные');
    expect(n.stems).toEqual(['батар', 'квартир', 'холодн']);
    expect(stem('отопления')).toBe(stem('отоплению'));
  });

  it('maps Latin and digit look-alikes inside Cyrillic words', () => {
    expect(matchView('xуйня').matchTokens).toContain('хуйня');
    expect(matchView('пи3дец').matchTokens).toContain('пиздец');
    expect(matchView('6лядь').matchTokens).toContain('блядь');
    expect(matchView('бл@ть').matchTokens).toContain('блать');
  });

  it('does not treat a number with an ending as an obfuscated word', () => {
    expect(matchView('маршрут 300го').matchTokens).toContain('300го');
  });

  it('joins letters written apart or with separators', () => {
    expect(matchView('б л я опять').matchTokens).toContain('бля');
    expect(matchView('х.у.й').matchTokens).toContain('хуй');
    expect(matchView('пиз-дец').matchTokens).toContain('пиздец');
  });

  it('collapses repeated letters', () => {
    expect(matchView('бляяяяя').matchTokens).toContain('бля');
    expect(matchView('ахуууеееели').matchTokens).toContain('ахуели');
  });

  it('keeps masked words apart with the mask shown as *', () => {
    expect(matchView('п***ц х*ровая').maskedTokens).toEqual(['п*ц', 'х*ровая']);
    expect(matchView('*важно*').maskedTokens).toEqual([]);
  });

  it('transliterates all-Latin words', () => {
    expect(translit('blyat')).toBe('блят');
    expect(translit('pizdec')).toBe('пиздец');
    expect(matchView('ok wifi').translitTokens).toEqual(['вифи']);
  });
});
