import { describe, expect, it } from 'vitest';
import gazetteerData from '../../../data/gazetteer-lipetsk.json' with { type: 'json' };
import { compileGazetteer, locate, locateWith } from './locate';

const where = (text: string) => locate(text).location;

describe('locate: names through inflection and derived forms', () => {
  it.each([
    ['Елец, ул. Советская, нет света', 'yelets_city'],
    ['У нас в Ельце опять перекопали дорогу', 'yelets_city'],
    ['Ельчане, кто знает, когда откроют бассейн?', 'yelets_city'],
    ['В елецком роддоме не хватает мест', 'yelets_city'],
    ['Дорога из Ельца до дома вся разбита, а в Ельце и того хуже', 'yelets_city'],
    ['Грязи, двор на улице Гагарина не освещён', 'gryazinsky'],
    ['В Грязях опять отключили воду', 'gryazinsky'],
    ['Грязинская больница не принимает без записи', 'gryazinsky'],
    ['Усмань: на вокзальной площади нет урн', 'usmansky'],
    ['Усманские школьники ездят на автобусе за 20 км', 'usmansky'],
    ['Усманцы жалуются на тарифы', 'usmansky'],
    ['Лебедянь, ремонт крыши школы затянулся', 'lebedyansky'],
    ['В Лебедяни закрыли аптеку на Ленина', 'lebedyansky'],
    ['Данковчане, у кого тоже нет газа?', 'dankovsky'],
    ['В Данкове снова не ходит автобус', 'dankovsky'],
    ['Задонский монастырь реставрируют уже пять лет', 'zadonsky'],
    ['Живу в Задонске, фонари не горят', 'zadonsky'],
    ['Липчане, где можно сдать старую технику?', 'lipetsk_city'],
    ['В Липецке опять перекрыли мост', 'lipetsk_city'],
    ['Липецкий зоопарк закрыт на карантин', 'lipetsk_city'],
    ['В Тербунах нет хлеба в магазине', 'terbunsky'],
    ['Из Хлевного до Липецка автобус идёт два часа, в Хлевном школа без отопления', 'khlevensky'],
    ['В Добринке прорвало трубу', 'dobrinsky'],
    ['У нас в Измалкове сломался мост', 'izmalkovsky'],
    ['В Долгоруково закрыли почту', 'dolgorukovsky'],
    ['Жители Чаплыгина просят отремонтировать дорогу', 'chaplyginsky'],
    ['В Волово третий день нет воды', 'volovsky'],
    ['Под Становым провалился мост', 'stanovlyansky'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate: villages map to their district', () => {
  it.each([
    ['В Боринском нет газа третий день', 'lipetsky'],
    ['Сенцово: разбитая дорога к школе', 'lipetsky'],
    ['В Талицком Чамлыке закрыли медпункт', 'dobrinsky'],
    ['Троекурово, монастырская улица без фонарей', 'lebedyansky'],
    ['В Конь-Колодезе школьный автобус сломался', 'khlevensky'],
    ['Дрязги: в клубе не топят', 'usmansky'],
    ['В Казинке опять пахнет гарью', 'gryazinsky'],
    ['Полибино, музей закрыт', 'dankovsky'],
    ['В Хмелинце котельная остановилась', 'zadonsky'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate: a city is not its district', () => {
  it('tells the Lipetsk district from the city', () => {
    expect(where('В Липецком районе закрывают сельскую школу')).toBe('lipetsky');
    expect(where('Администрация Липецкого района не отвечает')).toBe('lipetsky');
    expect(where('В Липецке на площади Героев сломана лавочка')).toBe('lipetsk_city');
  });

  it('tells the Yelets district from the city', () => {
    expect(where('В Елецком районе в селе не чистят дороги')).toBe('yeletsky');
    expect(where('Елецкая поликлиника №1 не берёт трубку')).toBe('yelets_city');
  });

  it('does not read "Липецкая область" as the city', () => {
    expect(where('Липецкая область заняла третье место по урожаю')).toBe('unknown');
  });

  it('reads a street named after a town as a street', () => {
    expect(where('Пробка на Елецком шоссе каждый вечер')).toBe('lipetsk_city');
    expect(where('Ельчане, на ул. Задонской опять яма')).toBe('yelets_city');
  });
});

describe('locate: place names that are also common words', () => {
  it('Красное the village, not a colour or a shop', () => {
    expect(where('В Красном закрыли баню')).toBe('krasninsky');
    expect(where('Она пришла в красном пальто, на Катукова')).toBe('lipetsk_city');
    expect(where('У «Красное&Белое» на Московской 12 драка каждый вечер')).toBe('lipetsk_city');
    expect(where('Красное вино подорожало')).toBe('unknown');
  });

  it('Доброе the village, not a greeting', () => {
    expect(where('В Добром нет скорой')).toBe('dobrovsky');
    expect(where('Доброе утро всем! Когда уберут снег?')).toBe('unknown');
    expect(where('Доброго дня, жители! В Усмани нет воды')).toBe('usmansky');
  });

  it('Лев Толстой the settlement, not the writer', () => {
    expect(where('Лев Толстой, ул. Советская: вода ржавая')).toBe('lev_tolstovsky');
    expect(where('Из Льва Толстого автобус не ходит')).toBe('lev_tolstovsky');
    expect(where('В посёлке Лев Толстой нет аптеки')).toBe('lev_tolstovsky');
    expect(where('Как писал Лев Толстой, все счастливые семьи похожи')).toBe('unknown');
    expect(where('Роман Льва Толстого обсуждаем в клубе')).toBe('unknown');
  });

  it('Грязи the town, not mud', () => {
    expect(where('На детской площадке столько грязи, что не пройти')).toBe('unknown');
    expect(where('Грязи по колено на остановке')).toBe('unknown');
    expect(where('Автобус из Липецка в Грязи не пришёл')).toBe('gryazinsky');
  });

  it('Сокол the neighbourhood, not the bird', () => {
    expect(where('На Соколе опять нет горячей воды')).toBe('lipetsk_city');
    expect(where('видели сокола над полем')).toBe('unknown');
  });
});

describe('locate: other regions and posts with no place', () => {
  it('puts a post about another region at unknown', () => {
    expect(where('В Курске дороги лучше, чем у нас')).toBe('unknown');
    expect(where('Тётя в Москве получает пенсию в два раза больше')).toBe('unknown');
    expect(where('Ездили в Воронеж в больницу, там всё быстро')).toBe('unknown');
  });

  it('keeps an in-region place over a comparison with another region', () => {
    expect(where('Почему в Данкове хлеб дороже, чем в Туле?')).toBe('dankovsky');
  });

  it('reads the river Воронеж as a river', () => {
    expect(where('На реке Воронеж у Ленино мор рыбы')).toBe('lipetsky');
  });

  it('leaves a post that names nothing unknown', () => {
    const verdict = locate('Опять подняли тарифы, как жить на пенсию');
    expect(verdict.location).toBe('unknown');
    expect(verdict.evidence.rule).toBe('no_place_named');
  });

  it('reads a tram as the city (only Lipetsk has trams)', () => {
    expect(where('Трамвай не ходит второй день')).toBe('lipetsk_city');
  });
});

describe('locate: Lipetsk neighbourhoods, streets and the hub rule', () => {
  it.each([
    ['В 9-м микрорайоне не работает лифт', 'lipetsk_city'],
    ['Новолипецк, воздух ужасный', 'lipetsk_city'],
    ['На Тракторном нет автобусов', 'lipetsk_city'],
    ['Катукова 12, подъезд не убирают', 'lipetsk_city'],
    ['на Водопьянова яма', 'lipetsk_city'],
    ['Елец, ул. Коммунаров, 5 — течёт крыша', 'yelets_city'],
    ['В Засосне нет света', 'yelets_city'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });

  it('prefers the district town over Lipetsk named as a destination', () => {
    expect(where('В Тербунах нет окулиста, приходится ездить в Липецк')).toBe('terbunsky');
    expect(where('Маршрутка Липецк — Лебедянь отменена')).toBe('lebedyansky');
  });

  it('lets a named town win over a bare street name', () => {
    expect(where('Усмань, на Советской не горят фонари')).toBe('usmansky');
  });
});

describe('locate: evidence', () => {
  it('names the matched words and the rule', () => {
    const verdict = locate('В Ельце на Мира нет воды');
    expect(verdict.evidence.step).toBe('location');
    expect(verdict.evidence.value).toBe('yelets_city');
    expect(verdict.evidence.matched).toContain('Ельце');
    expect(verdict.evidence.rule).toMatch(/^gazetteer:city:yelets$/);
  });

  it('names the other region when it decides unknown for that reason', () => {
    const verdict = locate('В Тамбове снег убирают лучше');
    expect(verdict.evidence.rule).toBe('other_region');
    expect(verdict.evidence.matched).toEqual(['Тамбове']);
  });
});

describe('gazetteer file', () => {
  it('the bundled file is valid', () => {
    expect(compileGazetteer(gazetteerData).ok).toBe(true);
  });

  it('rejects an unknown ending set and names the key', () => {
    const broken = structuredClone(gazetteerData) as { places: Array<{ forms: string[] }> };
    broken.places[0]!.forms = ['липецк{nosuch}'];
    const result = compileGazetteer(broken);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('GAZETTEER_INVALID');
      expect(result.error.message).toContain('places.0.forms.0');
      expect(result.error.message).toContain('{nosuch}');
    }
  });

  it('rejects an unknown key', () => {
    const result = compileGazetteer({ ...gazetteerData, extra: true });
    expect(result.ok).toBe(false);
  });

  it('a custom gazetteer changes the answer', () => {
    const custom = structuredClone(gazetteerData) as { places: Array<{ id: string; forms: string[] }> };
    custom.places.push({ id: 'test-village', forms: ['тестовк(а|е|и)'], ...{ name: 'Тестовка', location: 'terbunsky', kind: 'village' } } as never);
    const compiled = compileGazetteer(custom);
    expect(compiled.ok).toBe(true);
    if (compiled.ok) expect(locateWith('В Тестовке нет воды', compiled.value).location).toBe('terbunsky');
  });
});

describe('locate: speed', () => {
  // The machine is shared, so the check is relative: locate may cost a few times a bare regex split of the
  // same texts. Unloaded, that is tens of thousands of posts a second (the pipeline needs 5,000 with every step).
  it('costs no more than a few regex tokenisations of the same text', () => {
    const text = 'Здравствуйте. Живу в Ельце на улице Коммунаров, дом 5, второй подъезд. С начала отопительного сезона батареи еле тёплые, '
      + 'звонили в управляющую компанию, обещали прислать слесаря, никто не пришёл. Куда ещё жаловаться? Дети мёрзнут, на улице минус.';
    const texts = Array.from({ length: 4_000 }, (_, i) => `${text} ${i}`);
    for (const t of texts.slice(0, 1_000)) locate(t);
    let words = 0;
    const t0 = performance.now();
    for (const t of texts) for (const m of t.matchAll(/[\p{L}\p{N}]+/gu)) words += m[0].length;
    const t1 = performance.now();
    for (const t of texts) locate(t);
    const t2 = performance.now();
    const perSecond = texts.length / ((t2 - t1) / 1000);
    expect(words).toBeGreaterThan(0);
    expect((t2 - t1) / (t1 - t0)).toBeLessThan(8);
    expect(perSecond).toBeGreaterThan(1_000);
  });
});

describe('locate: texts with letters that lower-case with context', () => {
  it('finds the same places when the text holds İ or Σ', () => {
    for (const extra of ['', 'İ ', 'ΟΔΟΣ ', ' Σ']) {
      expect(locate(`${extra}У нас в Ельце опять перекопали дорогу`).evidence).toMatchObject({ value: 'yelets_city', matched: ['Ельце'] });
    }
  });
});

describe('locate, generalised rules (sentences written for this test)', () => {
  it.each([
    ['В с. Липецкое Тербунского района нет фельдшера', 'terbunsky'],
    ['Посёлок Елецкий Задонского района — нет автобуса', 'zadonsky'],
    ['Деревня под Ельцом, дорогу не чистят вторую неделю', 'yeletsky'],
    ['Дача под Липецком, в Косыревке, света нет', 'lipetsky'],
    ['Кузьминка (Липецкий р-н) — нет воды', 'lipetsky'],
    ['Дорога Елецкого р-на разбита', 'yeletsky'],
    ['Автобус на Липецк из Доброго отменили', 'dobrovsky'],
    ['Из Тербунов рейс на Елец убрали', 'terbunsky'],
    ['Становлянский район, дорога от Станового в сторону Липецка разбита', 'stanovlyansky'],
    ['Липецк, микрорайон Елецкий — не вывозят мусор', 'lipetsk_city'],
    ['Сырское, ул. Садовая — давление газа падает', 'lipetsky'],
    ['Сырский рудник превратили в свалку', 'lipetsk_city'],
    ['Тербуновская больница закрыта на ремонт', 'terbunsky'],
    ['Раненбург, площадь не убирают', 'chaplyginsky'],
    ['Во дворе на Баумана нет света', 'lipetsk_city'],
    ['Ссёлки — грязь по колено, грейдер не приезжает', 'lipetsk_city'],
    ['На Усманке опять свалка у моста', 'usmansky'],
    ['Еду в Липецк, а в Ельце всё плохо с автобусами', 'yelets_city'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate, probe sentences across the districts (written before tuning)', () => {
  it.each([
    ['На Трубном проезде опять пробка из-за ремонта', 'lipetsk_city'],
    ['Во дворе дома 12 по улице Космонавтов нет освещения', 'lipetsk_city'],
    ['Сокол, ул. Волгоградская — не вывозят мусор', 'lipetsk_city'],
    ['В Липецке на Доватора разбили остановку', 'lipetsk_city'],
    ['Ельчане, на Черокманова снова нет воды?', 'yelets_city'],
    ['Засосна: дорогу так и не сделали', 'yelets_city'],
    ['Нижний Воргол, школа без отопления', 'yeletsky'],
    ['В Грязях на Красной площади прорвало трубу', 'gryazinsky'],
    ['Село Казинка Грязинского района — нет газа', 'gryazinsky'],
    ['Данковчане жалуются на автобус до Липецка', 'dankovsky'],
    ['В Добринке закрыли аптеку', 'dobrinsky'],
    ['Доброе, ул. Ленина — нет света', 'dobrovsky'],
    ['Долгоруково: в больнице нет врача', 'dolgorukovsky'],
    ['Задонск, монастырская дорога разбита', 'zadonsky'],
    ['В Измалкове закрыли почту', 'izmalkovsky'],
    ['Красное, детский сад без воды', 'krasninsky'],
    ['В Лебедяни на Тургенева открытый люк', 'lebedyansky'],
    ['Лев Толстой, вокзал не отапливается', 'lev_tolstovsky'],
    ['В Ленино третий день без света', 'lipetsky'],
    ['Становое: нет автобуса до Ельца', 'stanovlyansky'],
    ['Тербуны, площадь у администрации не чищена', 'terbunsky'],
    ['В Усмани нет горячей воды', 'usmansky'],
    ['Хлевное, почта не работает по субботам', 'khlevensky'],
    ['Чаплыгин, ул. Советская — яма на яме', 'chaplyginsky'],
    ['В Волово закрыли школу', 'volovsky'],
    ['Поселок Дачный Липецкого района — дорога разбита', 'lipetsky'],
    ['Из Липецка в Грязи электричка отменена, как ехать?', 'gryazinsky'],
    ['Деревня Казаки под Ельцом осталась без воды', 'yeletsky'],
    ['Тарифы на свет в области выросли', 'unknown'],
    ['В Воронеже тоже нет горячей воды', 'unknown'],
    ['Добринский район, с. Пушкино — нет врача', 'dobrinsky'],
    ['Патриаршее подворье в Задонске: туристы жалуются на грязь', 'zadonsky'],
    ['В Лебедянском районе закрывают ФАПы', 'lebedyansky'],
    ['Раненбургская крепость разрушается', 'chaplyginsky'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate: demonyms, locative forms and neighbourhoods added later', () => {
  it.each([
    ['Долгоруковцы жалуются на дорогу до райцентра', 'dolgorukovsky'],
    ['В Долгорукове опять нет воды', 'dolgorukovsky'],
    ['Хлевенцы, кто знает когда откроют баню?', 'khlevensky'],
    ['Воловчане остались без автобуса', 'volovsky'],
    ['В Данкове закрыли рынок', 'dankovsky'],
    ['Краснинцы просят отремонтировать мост', 'krasninsky'],
    ['В Вислой Поляне нет фельдшера', 'terbunsky'],
    ['Задонцы возмущены тарифами', 'zadonsky'],
    ['В Ниженке не убирают снег', 'lipetsk_city'],
    ['Добровцы просят новый автобус до Липецка', 'dobrovsky'],
  ])('%s → %s', (text, want) => {
    expect(where(text)).toBe(want);
  });
});
