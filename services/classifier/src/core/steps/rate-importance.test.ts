import { describe, expect, it } from 'vitest';
import type { Importance } from '@cur/shared/contracts/index';
import { normalizeText } from '../text/normalize';
import { rateImportance, type ImportanceInput } from './rate-importance';

const rate = (text: string, extra: Partial<ImportanceInput> = {}): Importance =>
  rateImportance({ plain: normalizeText(text).plain, abuse: 'none', isSpam: false, location: 'lipetsk_city', ...extra }).importance;

describe('rateImportance', () => {
  it.each([
    'В подъезде на третьем этаже сильно пахнет газом, соседи не открывают, что делать?',
    'Во дворе школы открытый люк без крышки, дети бегают рядом',
    'Река вышла из берегов, вода уже заходит в дома на нижней улице',
    'Горит дом на Садовой, внутри могут быть люди, пожарных нет!!!',
    'Весь микрорайон без отопления вторые сутки, на улице минус 20, дети мёрзнут',
    'Всё село без света с утра, мороз, котлы не работают',
    'Бабушке плохо, без сознания, скорую ждём уже полтора часа!!!',
    'На перекрёстке оборванные провода лежат прямо на тротуаре',
    'Водитель маршрутки пьяный, еле держится за рулём, везёт полный салон',
    'Трещина по стене дома расширилась, штукатурка сыплется, дом может рухнуть',
    'В лагере у 12 детей рвота и температура, увезли в больницу',
    'Собаки покусали мальчика у гаражей, ребёнок в больнице',
    'Ребёнку нечем колоть инсулин, в аптеках нет, заканчивается завтра',
  ])('rates a danger to life or mass loss of supply as critical: %s', (text) => {
    expect(rate(text)).toBe('critical');
  });

  it.each([
    'Коллективное обращение жителей улицы Лесной: просим отремонтировать дорогу, подписи прилагаем',
    'Мы собрали 350 подписей против закрытия поликлиники',
    'Повторно пишу про яму у подъезда, прошло две недели, ничего не сделано',
    'Писала сюда неделю назад про мусор, так никто и не приехал',
    'Видео с разбитой дороги набрало 50 тысяч просмотров, а администрация молчит',
    'Завод увольняет сотни работников, весь город в шоке',
  ])('rates a collective, resonant or repeated complaint as high: %s', (text) => {
    expect(rate(text)).toBe('high');
  });

  it.each([
    'Спасибо коммунальщикам, быстро починили трубу, молодцы!',
    'Благодарим врачей детской больницы за внимательное отношение',
    'В городском парке открылся новый каток, вход свободный',
    'С Днём учителя, дорогие педагоги!',
    'Девочки, посоветуйте где купить хорошие зимние сапоги',
    'В Воронеже опять подняли проезд до 50 рублей, ужас',
  ])('rates thanks, news, chit-chat and other regions as low: %s', (text) => {
    expect(rate(text, { location: 'unknown' })).toBe('low');
  });

  it.each([
    'Спасибо нашей управляйке за ледяные батареи, зато квитанции вовремя',
    'Во дворе не горят фонари, почините пожалуйста',
    'Опять пахнет гарью по вечерам, кто проверяет завод?',
    'Когда отремонтируют крышу в школе, течёт в спортзале',
    'Батареи еле тёплые, в квартире +19, управляющая не отвечает',
  ])('rates an ordinary complaint (or sarcastic thanks) as normal: %s', (text) => {
    expect(rate(text)).toBe('normal');
  });

  it('rates spam low and keeps abusive posts normal unless the danger is unmistakable', () => {
    expect(rate('Продам гараж', { isSpam: true })).toBe('low');
    expect(rate('опять эти бездари дорогу не сделали, писала уже неделю назад', { abuse: 'insult' })).toBe('normal');
  });

  it('raises a repeat and a post far above the source baseline to high', () => {
    expect(rate('Во дворе не горят фонари', { isRepeat: true })).toBe('high');
    expect(rate('Во дворе не горят фонари', { engagement: 400, engagementBaseline: 12 })).toBe('high');
    expect(rate('Во дворе не горят фонари', { engagement: 40, engagementBaseline: 2 })).toBe('normal');
  });

  it('gives the cues it matched as evidence', () => {
    const v = rateImportance({ plain: normalizeText('Срочно! В подвале пахнет газом').plain, abuse: 'none', isSpam: false, location: 'unknown' });
    expect(v.evidence.rule).toBe('danger-to-life-or-supply');
    expect(v.evidence.matched.join(' ')).toContain('газом');
  });
});
