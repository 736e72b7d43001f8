import { describe, expect, it } from 'vitest';
import { normalizeText } from '../text/normalize';
import { detectSpam } from './detect-spam';

const isSpam = (text: string) => detectSpam(text, normalizeText(text).plain).isSpam;

describe('detectSpam', () => {
  it.each([
    'Продаю картофель мешками, доставка по городу, пишите в личку',
    'Требуется продавец в магазин, график 2/2, звоните 8 905 111 22 33',
    'Натяжные потолки под ключ, недорого, гарантия 10 лет',
    'Заработок от 3000 в день без вложений, пиши в лс',
    'Лучшие ставки на спорт тут http://a.bet http://b.bet http://c.bet',
    'Скидки до 50% только сегодня! Переходите по ссылке https://shop.example.ru',
  ])('flags an advertisement or a link farm: %s', (text) => {
    expect(isSpam(text)).toBe(true);
  });

  it.each([
    'Звоните в диспетчерскую хоть весь день, никто не берёт трубку. Когда будет вода?',
    'Почему в магазине акция на хлеб только для карты? Администрация, разберитесь',
    'Объявление о продаже гаража висит на остановке уже год, никто не снимает',
    'Подробности в новости https://lipetsk.ru/news/1',
    'Ремонт дороги на Ленина снова перенесли',
  ])('leaves complaints that mention ad words alone: %s', (text) => {
    expect(isSpam(text)).toBe(false);
  });

  it('explains the verdict', () => {
    const text = 'Продам дрова, доставка';
    const v = detectSpam(text, normalizeText(text).plain);
    expect(v.evidence).toMatchObject({ step: 'spam', value: 'spam', rule: 'advertisement' });
    expect(v.evidence.matched.length).toBe(2);
  });
});
