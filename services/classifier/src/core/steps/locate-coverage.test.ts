// Settlements and selsoviets added for coverage (sources in services/classifier/data/README-gazetteer.md):
// each is found through its inflected forms, and the guards keep common words and other senses out.
import { describe, expect, it } from 'vitest';
import { locate } from './locate';

const where = (text: string) => locate(text).location;

describe('locate coverage: added villages in several cases', () => {
  it.each([
    // nominative / locative / genitive after a preposition
    ['Бурдино: дорогу к школе не чистят', 'terbunsky'],
    ['В Бурдине третий день нет воды', 'terbunsky'],
    ['Автобус из Бурдина отменили', 'terbunsky'],
    ['В Малых Борках нет света', 'terbunsky'],
    ['Даниловские Выселки остались без автобуса', 'terbunsky'],
    ['В Больших Извалах нет газа', 'yeletsky'],
    ['Из Больших Извал до Ельца автобус не ходит', 'yeletsky'],
    ['Елецкая Лозовка, сельский клуб закрыт', 'khlevensky'],
    ['В Елецкой Лозовке нет фельдшера', 'khlevensky'],
    ['Астапово без света с утра', 'lev_tolstovsky'],
    ['Живу в Астапове, вокзал разрушается', 'lev_tolstovsky'],
    ['Еду в Липецк из Кузовлева, дорога разбита', 'lev_tolstovsky'],
    ['Топки, ул. Садовая — нет газа', 'lev_tolstovsky'],
    ['В Куликове опять прорвало трубу', 'usmansky'],
    ['В Меньшом Колодезе закрыли школу', 'dolgorukovsky'],
    ['Меньшой Колодезь: нет воды', 'dolgorukovsky'],
    ['Из Пальна-Михайловки автобус отменили', 'stanovlyansky'],
    ['В Чернолесе нет связи', 'stanovlyansky'],
    ['В Лесных Локотцах нет автобуса', 'stanovlyansky'],
    ['Около Чирикова на переезде яма', 'lipetsky'],
    ['В Рогожино не вывозят мусор', 'zadonsky'],
    ['На Студёнках опять прорыв трубы', 'lipetsk_city'],
    ['В Грязном нет света', 'lipetsky'],
    ['Грязное, ул. Мира — нет воды', 'lipetsky'],
    ['В Стрелецких Хуторах нет газа', 'usmansky'],
    ['В Грызлове закрыли ФАП', 'dolgorukovsky'],
    ['Из Грызлова нет автобуса', 'dolgorukovsky'],
    ['Старый Копыл, дорога разбита', 'lebedyansky'],
    ['В Кропотове музей Лермонтова закрыт', 'stanovlyansky'],
    ['В Вешаловке нет газа', 'lipetsky'],
    ['На Лучке опять прорвало трубу', 'yelets_city'],
    ['В Воловчике третий день нет воды', 'volovsky'],
    ['Автобус до Воловчика опять не пришёл', 'volovsky'],
    ['Воловчик, ул. Садовая — яма на дороге', 'volovsky'],
    ['В Вышнем Большом прорвало трубу', 'volovsky'],
    ['Из Вышнего Большого не вывозят мусор', 'volovsky'],
    ['Вышнее Большое без света с обеда', 'volovsky'],
    ['В Сотниково не чистят дорогу', 'krasninsky'],
    ['В Сотникове закрыли ФАП', 'krasninsky'],
    ['Из Сотникова нет автобуса по выходным', 'krasninsky'],
    ['В Верхнедрезгалово нет газа', 'krasninsky'],
    ['Из Верхнедрезгалова в Липецк один рейс в день', 'krasninsky'],
    ['В Верхнем Дрезгалове разбита дорога', 'krasninsky'],
    ['Верхнее Дрезгалово без воды', 'krasninsky'],
    ['В Братовщине нет света', 'dolgorukovsky'],
    ['Братовщина: дорогу к школе не чистят', 'dolgorukovsky'],
    ['Из Братовщины до райцентра только пешком', 'dolgorukovsky'],
    ['В Трубицино нет воды', 'yeletsky'],
    ['В Трубицине закрыли магазин', 'yeletsky'],
    ['Из Трубицина в Елец автобус отменили', 'yeletsky'],
    ['В Кривце нет воды', 'dobrovsky'],
    ['Кривец: автобус застрял на конечной', 'dobrovsky'],
    ['Из Кривца до Доброго не доехать', 'dobrovsky'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate coverage: selsoviets named in full', () => {
  it.each([
    ['Глава Бурдинского сельсовета не отвечает', 'terbunsky'],
    ['Администрация Лавского сельсовета не чистит дорогу', 'yeletsky'],
    ['Свишенский сельсовет: дорога разбита', 'dolgorukovsky'],
    ['В Верхнеказаченском сельском поселении нет газа', 'zadonsky'],
    ['Княже-Байгорский сельсовет, водопровод течёт', 'gryazinsky'],
    ['Куликовский сельсовет не отвечает на обращения', 'usmansky'],
    ['Лукьяновский сельсовет не отвечает', 'stanovlyansky'],
    ['Шовский сельсовет: нет воды', 'lebedyansky'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate coverage: the guards of the new names', () => {
  it('Куликово поле is the battlefield, not the village', () => {
    expect(where('Ездили на Куликово поле, красиво')).toBe('unknown');
  });
  it('Грязное as an adjective is not the village', () => {
    expect(where('Грязное бельё висит во дворе')).toBe('unknown');
    expect(where('в подъезде грязное ведро стоит неделю')).toBe('unknown');
  });
  it('топки and чернолес in lower case are common words', () => {
    expect(where('Топки в котельной старые, их менять надо')).toBe('unknown');
    expect(where('за домом чернолес, грибов много')).toBe('unknown');
    expect(where('Лучок зелёный подорожал')).toBe('unknown');
  });
  it('a genitive that is also a surname needs a preposition before it', () => {
    expect(where('Врач Астапова принимает по вторникам')).toBe('unknown');
  });
  it('Сотникова and Трубицина are surnames too: a preposition is needed before them', () => {
    expect(where('Врач Сотникова принимает по средам')).toBe('unknown');
    expect(where('Учитель Трубицина ушла на пенсию')).toBe('unknown');
  });
  it('an added village beats the hub it is travelled to', () => {
    expect(where('Из Астапова в Липецк только один рейс')).toBe('lev_tolstovsky');
  });
});

describe('locate coverage: «микрик», the colloquial numbered microdistrict', () => {
  it.each([
    ['В 9-м микрике нет горячей воды', 'lipetsk_city'],
    ['9 микрик, опять прорыв трубы', 'lipetsk_city'],
    ['микрик 9, лифт не работает вторую неделю', 'lipetsk_city'],
    ['Живу в 27м микрике, двор разбит', 'lipetsk_city'],
  ])('%s → %s', (text, expected) => {
    expect(where(text)).toBe(expected);
  });
});

describe('locate: Братовка is in Chaplyginsky district', () => {
  it('locates it there, not in Dolgorukovsky', () => {
    expect(where('В Братовке третий день нет света, звонили в сети — тишина')).toBe('chaplyginsky');
  });
});
