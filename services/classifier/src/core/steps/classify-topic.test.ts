import { describe, expect, it } from 'vitest';
import type { TopicCode } from '@cur/shared/contracts/index';
import { normalizeText } from '../text/normalize';
import { classifyTopic, compileLexicon, scoreLexicon, TOPICS } from './classify-topic';

const topicOf = (text: string) => classifyTopic(normalizeText(text)).topic;

// Posts written for this test: neither in the training data nor in any evaluation set.
const HELD_OUT: Array<[TopicCode, string]> = [
  ['zhkh', 'Третий день в квартире на Октябрьской холодные радиаторы, звонили диспетчеру, сказали ждать'],
  ['zhkh', 'В подъезде течёт с крыши после каждого дождя, управляйка разводит руками'],
  ['zhkh', 'Опять отключили воду без предупреждения, хоть бы объявление повесили'],
  ['zhkh', 'Контейнеры у дома не вывозили с прошлой пятницы, вонь на всю улицу'],
  ['roads', 'На выезде с кольца в сторону Сокола асфальт провалился, машины скачут по кочкам'],
  ['roads', 'Просим нанести разметку на новом участке дороги, водители путаются в полосах'],
  ['roads', 'Почему не посыпают дорогу на спуске у рынка, каждое утро машины в кювете'],
  ['transport', 'Маршрутка номер 8 вечером не ходит совсем, как добираться с работы'],
  ['transport', 'Кондуктор в автобусе отказался принимать оплату по карте'],
  ['transport', 'Уберите из расписания хотя бы не существующие рейсы, стоим и ждём зря'],
  ['health', 'Маме нужна операция на глаза, в областной больнице очередь на полгода'],
  ['health', 'В фельдшерском пункте нет даже бинтов и жаропонижающего'],
  ['health', 'Диспетчер скорой сказала вызвать такси, потому что машин нет'],
  ['education', 'В детском саду отменили бассейн и логопеда, а плату не снизили'],
  ['education', 'Школьники вторую неделю учатся во вторую смену, классов не хватает'],
  ['education', 'Учительница начальных классов ушла в декрет, замены нет'],
  ['improvement', 'Во дворе дома 12 сломали песочницу и не поставили новую'],
  ['improvement', 'Собаки стаей сидят у подъезда и рычат на прохожих, ветслужба не едет'],
  ['improvement', 'На аллее у пруда ни одного работающего фонаря'],
  ['ecology', 'С промзоны опять тянет чем-то кислым, дышать тяжело'],
  ['ecology', 'В овраге за гаражами кто-то устроил свалку старых покрышек'],
  ['ecology', 'Срубили половину сосен в бору, говорят санитарная рубка'],
  ['social', 'Отцу-инвалиду второй группы отказали в бесплатном санатории'],
  ['social', 'Не пришло пособие по уходу за ребёнком до полутора лет'],
  ['social', 'Как многодетным получить бесплатные лекарства для детей до шести лет? В соцзащите не объясняют'],
  ['safety', 'Ночью у гаражей опять что-то горело, пожарные приезжали дважды'],
  ['safety', 'В соседнем доме притон, пьяные драки каждую ночь, вызываем полицию без толку'],
  ['safety', 'Весной улицу у реки каждый год подтапливает, дамбу так и не укрепили'],
  ['economy', 'Подсолнечное масло за месяц подорожало на треть, куда смотрит антимонопольная служба'],
  ['economy', 'Фабрика не платит зарплату с августа, люди увольняются'],
  ['economy', 'Предпринимателей выгоняют с ярмарки, павильоны будут сносить'],
  ['construction', 'Жилой комплекс заморожен, дольщики третий год ждут ключи'],
  ['construction', 'Рядом со школой строят автомойку, кто выдал разрешение'],
  ['construction', 'Недостроенный корпус больницы стоит без охраны'],
  ['culture_sport', 'Почему в спортивной школе отменили секцию плавания'],
  ['culture_sport', 'Сельская библиотека закрыта уже два месяца, книги не выдают'],
  ['culture_sport', 'Хоккейную коробку не заливают, дети играют на дороге'],
  ['other', 'Почтовое отделение работает три часа в день, посылку не забрать'],
  ['other', 'В деревне пропала сотовая связь после того как убрали вышку'],
  ['other', 'В МФЦ сломалась электронная очередь, люди стоят толпой'],
];

describe('classifyTopic', () => {
  it('reaches at least 85% on posts it has never seen', () => {
    const wrong = HELD_OUT.filter(([topic, text]) => topicOf(text) !== topic).map(([t, text]) => `${t}: ${text} → ${topicOf(text)}`);
    expect(wrong.length / HELD_OUT.length, wrong.join('\n')).toBeLessThanOrEqual(0.15);
  });

  it.each([
    ['zhkh', 'Нет горячей воды уже неделю, управляющая компания молчит'],
    ['roads', 'Огромные ямы на дороге у вокзала, колёса бьём каждый день'],
    ['transport', 'Автобус 12 не ходит по расписанию'],
    ['health', 'В поликлинике нет талонов к терапевту'],
    ['education', 'В школе холодно, дети на уроках в куртках'],
    ['improvement', 'Во дворе не горят фонари и сломаны качели'],
  ] as Array<[TopicCode, string]>)('labels an unambiguous %s post', (topic, text) => {
    expect(topicOf(text)).toBe(topic);
  });

  it('explains the verdict with the matched lexicon terms and a score', () => {
    const v = classifyTopic(normalizeText('Когда отремонтируют дорогу, одни ямы'));
    expect(v.evidence.step).toBe('topic');
    expect(v.evidence.matched.length).toBeGreaterThan(0);
    expect(v.evidence.score).toBeGreaterThan(0);
    const total = TOPICS.reduce((s, t) => s + v.scores[t], 0);
    expect(total).toBeCloseTo(1, 5);
  });

  it('counts a word once per topic and matches short entries exactly', () => {
    const lex = compileLexicon({ ...Object.fromEntries(TOPICS.map((t) => [t, []])), improvement: [['двор', 3], ['дворе', 3]], zhkh: [['ук', 2]] } as never);
    const hits = scoreLexicon({ words: ['во', 'дворе', 'укроп'] }, lex);
    expect(hits.score.improvement).toBe(3);
    expect(hits.score.zhkh).toBe(0);
  });

  it('matches a phrase over word beginnings', () => {
    const lex = compileLexicon({ ...Object.fromEntries(TOPICS.map((t) => [t, []])), zhkh: [['горяч вод', 3]] } as never);
    expect(scoreLexicon({ words: ['нет', 'горячей', 'воды'] }, lex).score.zhkh).toBe(3);
    expect(scoreLexicon({ words: ['горячей', 'еды'] }, lex).score.zhkh).toBe(0);
  });
});
