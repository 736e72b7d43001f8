// Synthetic Russian posts for benchmarks and drills: generated from templates that cover every topic, with
// authors, places (Lipetsk oblast streets, towns and districts), engagement and a few abusive and off-topic ones.
// Deterministic for a seed. Not the evaluation set (dev.jsonl is never used here).
import type { RawPost } from '@cur/shared/contracts/index';
import { seededRandom } from '@cur/shared/seeded-random';

export { seededRandom } from '@cur/shared/seeded-random';

const places = [
  'на улице Катукова, 33', 'на Космонавтов 54', 'на проспекте Победы', 'в 10 микрорайоне', 'на улице Терешковой',
  'в Ельце на улице Мира', 'в Грязях на Красной площади', 'в Лебедяни', 'в Данкове', 'в Усмани на Ленина',
  'в Задонске', 'в селе Хлевное', 'в Чаплыгине', 'на Советской улице', 'в Сокольском районе Липецка',
  'в поселке Добринка', 'на улице Гагарина', 'в Тербунах', 'на улице Стаханова', 'на площади Плеханова',
];

/** Per topic: sentence templates; {place} is replaced by a place. */
const templates: Record<string, string[]> = {
  zhkh: [
    'Третий день нет горячей воды {place}, управляющая компания не отвечает на звонки.',
    'Батареи еле тёплые {place}, в квартире +16, дети болеют. Когда включат нормальное отопление?',
    'Прорвало трубу канализации {place}, подвал затоплен, запах на весь подъезд.',
    'Отключили свет {place} ещё утром, электросети молчат, холодильники текут.',
  ],
  roads: [
    'Дорога {place} — одна сплошная яма, пробил два колеса за неделю. Когда будет ремонт асфальта?',
    'Светофор {place} не работает второй день, на перекрёстке чуть не было аварии.',
    'Тротуар {place} не чистят от снега, гололёд, люди падают.',
  ],
  transport: [
    'Автобус 300 {place} не ходит по расписанию, ждали на остановке 40 минут на морозе.',
    'Маршрутку 27 убрали {place}, как теперь добираться до работы?',
  ],
  health: [
    'В поликлинике {place} нет записи к терапевту на месяц вперёд, талонов нет.',
    'Скорую ждали полтора часа {place}, бабушке было плохо.',
  ],
  education: [
    'В школе {place} холодно в классах, дети сидят в куртках на уроках.',
    'В детском саду {place} нет мест, очередь не двигается второй год.',
  ],
  improvement: [
    'Детская площадка {place} сломана, качели оборваны, дети могут пострадать.',
    'Мусорные баки {place} не вывозят неделю, контейнерная площадка завалена.',
    'Во дворе {place} не горят фонари, вечером темно и страшно.',
  ],
  ecology: [
    'Опять вонь от завода {place}, дышать нечем, выбросы каждую ночь.',
    'Свалку устроили у реки {place}, мусор жгут, дым на весь район.',
  ],
  social: [
    'Пенсионерке {place} не пересчитали пенсию, в соцзащите отправляют по кругу.',
    'Многодетной семье {place} не выплатили пособие за три месяца.',
  ],
  safety: [
    'Пахнет газом в подъезде {place}! Звонили в газовую службу, никто не едет.',
    'Бродячие собаки {place} напали на ребёнка, стая бегает по двору.',
  ],
  economy: [
    'Цены в магазинах {place} выросли вдвое, зарплату задерживают второй месяц.',
  ],
  construction: [
    'Стройка {place} идёт ночью, шумят до трёх часов, спать невозможно. Аварийный дом так и не расселили.',
  ],
  culture_sport: [
    'Дом культуры {place} закрыт на ремонт уже год, кружки для детей не работают.',
    'Спортивная площадка {place} в ужасном состоянии, стадион заброшен.',
  ],
  other: [
    'Спасибо всем, кто пришёл на праздник {place}! Отличный был концерт.',
    'Подскажите, где {place} можно купить хороший мёд?',
  ],
};
const abusive = ['Эти бездари из администрации {place} опять ничего не сделали, идиоты!'];
const spam = ['Заработок от 5000 в день без вложений! Пиши в личку, ссылка в профиле https://t.me/earnfast'];

export const syntheticTopics = Object.keys(templates);

export interface SyntheticOptions {
  seed?: number;
  /** How many distinct authors the posts come from (default 20,000; few authors make many repeats). */
  authors?: number;
  /** Prefix of uids, so runs in one store do not collide. */
  runId?: string;
  /** Share of abusive and of spam posts (default 0.02 each). */
  abuseShare?: number;
  spamShare?: number;
}

/** A generator of RawPost values; `next(collectedAt)` returns the i-th post collected at that instant. */
export function syntheticPosts(options: SyntheticOptions = {}): { next(collectedAt: Date): RawPost; count(): number } {
  const random = seededRandom(options.seed ?? 7);
  const authors = options.authors ?? 20_000;
  const runId = options.runId ?? 'bench';
  const abuseShare = options.abuseShare ?? 0.02;
  const spamShare = options.spamShare ?? 0.02;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  let i = 0;
  return {
    count: () => i,
    next(collectedAt: Date): RawPost {
      i += 1;
      const roll = random();
      const template = roll < abuseShare ? pick(abusive) : roll < abuseShare + spamShare ? pick(spam) : pick(templates[pick(syntheticTopics)]!);
      const text = template.replace('{place}', pick(places));
      const platform = pick(['vk', 'vk', 'vk', 'ok', 'telegram'] as const);
      const author = `${platform}_${Math.floor(random() * authors)}`;
      const publishedAt = new Date(collectedAt.getTime() - Math.floor(random() * 600_000));
      return {
        schemaVersion: 1,
        uid: `${platform}:${runId}:${i}`,
        platform,
        source: platform,
        sourceId: `${platform}-synthetic`,
        region: 'lipetsk',
        kind: random() < 0.3 ? 'comment' : 'post',
        parentUid: null,
        url: `https://example.invalid/${platform}/${runId}/${i}`,
        authorId: author,
        authorName: null,
        publishedAt: publishedAt.toISOString(),
        collectedAt: collectedAt.toISOString(),
        editedAt: null,
        version: 0,
        text,
        engagement: { likes: Math.floor(random() * 30), reposts: Math.floor(random() * 3), comments: Math.floor(random() * 10), views: Math.floor(random() * 1000) },
        payload: null,
      };
    },
  };
}
