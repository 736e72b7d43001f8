import { describe, expect, it } from 'vitest';
import type { LocationCode, TopicCode } from '@cur/shared/contracts/index';
import { municipalAuthority, lipetskRoutingRules, route, type RouteInput } from './route';

const input = (text: string, topic: TopicCode, location: LocationCode, extra: Partial<RouteInput> = {}): RouteInput => ({
  text, topic, location, importance: 'normal', abuse: 'none', isSpam: false, ...extra,
});
const first = (text: string, topic: TopicCode, location: LocationCode, extra: Partial<RouteInput> = {}) =>
  route(input(text, topic, location, extra)).authorities[0];

describe('route: no answer is due', () => {
  it('answers nobody for an abusive post, whatever its topic', () => {
    const decision = route(input('во дворе темно', 'improvement', 'lipetsk_city', { abuse: 'insult' }));
    expect(decision).toMatchObject({ needsResponse: false, authorities: ['none'] });
    expect(decision.evidence[0]?.rule).toBe('no_response:abuse_insult');
  });

  it('answers nobody for a low-importance post or spam', () => {
    expect(route(input('спасибо врачам', 'health', 'yelets_city', { importance: 'low' })).authorities).toEqual(['none']);
    expect(route(input('заработок без вложений', 'other', 'unknown', { isSpam: true })).needsResponse).toBe(false);
  });
});

describe('route: housing (zhkh)', () => {
  it('sends a supply failure to the housing department, even when critical', () => {
    expect(first('Нет горячей воды четвёртый день, трубу прорвало', 'zhkh', 'lebedyansky')).toBe('housing_dept');
    expect(first('Пахнет газом в подъезде!', 'zhkh', 'lipetsk_city', { importance: 'critical' })).toBe('housing_dept');
    expect(first('Мусор не вывозят две недели, регоператор молчит', 'zhkh', 'usmansky')).toBe('housing_dept');
    expect(first('Капремонт крыши перенесли на 2035 год', 'zhkh', 'dankovsky')).toBe('housing_dept');
  });

  it('sends a complaint about a management company to the housing inspection, even when critical', () => {
    expect(first('Наша УК не чистит крышу, сосульки над входом', 'zhkh', 'lipetsk_city', { importance: 'critical' })).toBe('housing_inspection');
    expect(first('управляйка берёт деньги за уборку, а подъезд грязный', 'zhkh', 'yelets_city')).toBe('housing_inspection');
    expect(first('Управляющая компания не меняет лампочки', 'zhkh', 'gryazinsky')).toBe('housing_inspection');
  });

  it('explains the decision with the rule and the matched words', () => {
    const decision = route(input('Управляющая компания не меняет лампочки', 'zhkh', 'gryazinsky'));
    expect(decision.evidence[0]).toMatchObject({ step: 'route', value: 'housing_inspection', rule: 'zhkh.management_company' });
    expect(decision.evidence[0]?.matched).toContain('управляющая компания');
  });
});

describe('route: the municipal administration by location', () => {
  it('sends yards, lighting and cleaning to the city or the district administration', () => {
    expect(first('Во дворе не горят фонари', 'improvement', 'lipetsk_city')).toBe('lipetsk_city_admin');
    expect(first('Во дворе не горят фонари', 'improvement', 'yelets_city')).toBe('yelets_city_admin');
    expect(first('Во дворе не горят фонари', 'improvement', 'terbunsky')).toBe('district_admin');
    expect(first('Во дворе не горят фонари', 'improvement', 'yeletsky')).toBe('district_admin');
  });

  it('sends stray dogs to the veterinary department wherever they are', () => {
    expect(first('Бродячие собаки кидаются на детей у школы', 'improvement', 'lipetsk_city')).toBe('vet_dept');
    expect(first('Стая псов у магазина', 'improvement', 'zadonsky')).toBe('vet_dept');
  });

  it('sends local roads to the municipality and regional roads to the roads department', () => {
    expect(first('Яма на перекрёстке, колёса бьём', 'roads', 'lipetsk_city')).toBe('lipetsk_city_admin');
    expect(first('По селу улицы не чистят', 'roads', 'chaplyginsky')).toBe('district_admin');
    expect(first('Региональная трасса до Тербунов вся в колее', 'roads', 'terbunsky')).toBe('roads_dept');
    expect(first('Дорога от Усмани до Воронежа разбита', 'roads', 'usmansky')).toBe('roads_dept');
  });

  it('sends city buses to the city, and intercity buses and suburban trains to the roads department', () => {
    expect(first('Автобус 12 не ходит по расписанию', 'transport', 'lipetsk_city')).toBe('lipetsk_city_admin');
    expect(first('Маршрутку по селу отменили', 'transport', 'izmalkovsky')).toBe('district_admin');
    expect(first('Отменили электричку в 7:10', 'transport', 'dankovsky')).toBe('roads_dept');
    expect(first('Автобус Липецк — Чаплыгин опять не пришёл', 'transport', 'chaplyginsky')).toBe('roads_dept');
    expect(first('Утренний автобус до Липецка отменили', 'transport', 'dobrovsky')).toBe('roads_dept');
    expect(first('Из села в Елец автобус ходит раз в день', 'transport', 'yeletsky')).toBe('roads_dept');
    expect(first('В Ельце автобус до Елецкого шоссе не ходит', 'transport', 'yelets_city')).toBe('yelets_city_admin');
  });

  it('sends other requests (post, mobile network, МФЦ) to the municipal administration', () => {
    expect(first('Почта работает два дня в неделю', 'other', 'volovsky')).toBe('district_admin');
    expect(first('Нет мобильной связи в квартирах', 'other', 'lipetsk_city')).toBe('lipetsk_city_admin');
    expect(first('В МФЦ одно окно на весь город', 'other', 'yelets_city')).toBe('yelets_city_admin');
  });

  it('uses the configured administration for an unknown location', () => {
    expect(municipalAuthority('unknown', lipetskRoutingRules)).toBe('district_admin');
  });
});

describe('route: one department per topic', () => {
  it.each([
    ['safety', 'Подростки жгут костры в заброшенном доме', 'civil_defense_dept'],
    ['safety', 'Пьяные компании у подъезда до ночи', 'civil_defense_dept'],
    ['construction', 'Стройка дома стоит третий год, дольщики без квартир', 'construction_dept'],
    ['health', 'Нет терапевта в поликлинике', 'health_dept'],
    ['education', 'В садике холодно', 'education_dept'],
    ['social', 'Не пришла выплата на ребёнка', 'social_dept'],
    ['ecology', 'Свалку у леса опять подожгли', 'ecology_dept'],
    ['culture_sport', 'Закрыли сельскую библиотеку', 'culture_dept'],
    ['culture_sport', 'В ДЮСШ отменили тренировки по борьбе', 'sport_dept'],
    ['culture_sport', 'Каток так и не залили', 'sport_dept'],
    ['economy', 'Третий месяц не платят зарплату на заводе', 'labor_dept'],
    ['economy', 'В центре занятости нет вакансий', 'labor_dept'],
    ['economy', 'Сахар подорожал в два раза', 'economy_dept'],
    ['economy', 'Рынок закрывают, торговать негде', 'economy_dept'],
  ] as const)('%s: %s → %s', (topic, text, authority) => {
    expect(first(text, topic, 'lebedyansky')).toBe(authority);
  });
});

describe('route: co-executors', () => {
  it('adds a second body only when the post asks two bodies for two things', () => {
    const decision = route(input(
      'Во дворе собаки кидаются на детей, и фонари не горят. Просим ветслужбу отловить собак, а администрацию — заменить лампы',
      'improvement', 'yelets_city',
    ));
    expect(decision.authorities).toEqual(['vet_dept', 'yelets_city_admin']);
    expect(decision.evidence[1]).toMatchObject({ rule: 'co_executor:asked_directly', value: 'yelets_city_admin' });
  });

  it('keeps the responsible body first when the post addresses it second', () => {
    const decision = route(input(
      'Администрация, отремонтируйте дорогу к больнице! Управление здравоохранения, верните педиатра в поликлинику',
      'health', 'dankovsky',
    ));
    expect(decision.authorities).toEqual(['health_dept', 'district_admin']);
  });

  it('does not add a body that is only mentioned or asked alone', () => {
    expect(route(input('В соцзащите отправляют в СФР, а там обратно', 'social', 'lipetsk_city')).authorities).toEqual(['social_dept']);
    expect(route(input('Администрация, ответьте, почему закрывают рынок?', 'economy', 'lipetsk_city')).authorities).toEqual(['economy_dept']);
  });
});

describe('route: words of any script and case', () => {
  it('reads the same words when the text holds İ or Σ (lower-cased word by word there)', () => {
    for (const extra of ['', 'İ ', 'ΟΔΟΣ ', 'Σ, ']) {
      const decision = route(input(`${extra}УПРАВЛЯЮЩАЯ Компания не меняет лампочки`, 'zhkh', 'gryazinsky'));
      expect(decision.evidence[0]).toMatchObject({ value: 'housing_inspection', matched: ['управляющая компания'] });
    }
  });
});
