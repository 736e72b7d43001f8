// The review checklist of a draft answer (regulations: greeting to the author, no spelling errors, every question answered).
import stemmer from 'natural/lib/natural/stemmers/porter_stemmer_ru';

export interface DraftCheckInput {
  postText: string;
  authorName: string | null;
  draft: string;
}

export interface Misspelling {
  word: string;
  suggestions: string[];
}

export type CheckStatus = 'ok' | 'warning' | 'unavailable';

export interface CheckItem {
  code: 'greeting' | 'spelling' | 'questions';
  status: CheckStatus;
  title: string;
  detail: string;
}

export interface QuestionCoverage {
  question: string;
  isAddressed: boolean;
  matched: string[];
}

export interface DraftChecklist {
  items: CheckItem[];
  questions: QuestionCoverage[];
  misspellings: Misspelling[];
  isClean: boolean;
}

const greetingPattern = /^\s*(здравствуйте|добрый\s+(день|вечер)|доброе\s+утро|доброго\s+времени\s+суток|уважаем(ый|ая|ые))(?!\p{L})[^\n]*/iu;

/** The first name of an author name like "Анна Петрова" or "Анна"; null for nicknames and ids. */
export function firstName(authorName: string | null): string | null {
  if (!authorName) return null;
  const first = authorName.trim().split(/\s+/u)[0] ?? '';
  return /^[А-ЯЁ][а-яё]{1,30}$/u.test(first) ? first : null;
}

export function checkGreeting(draft: string, authorName: string | null): CheckItem {
  const name = firstName(authorName);
  const match = greetingPattern.exec(draft);
  const expected = name ? `«Здравствуйте, ${name}!»` : '«Здравствуйте!»';
  if (!match) {
    return { code: 'greeting', status: 'warning', title: 'Приветствие автора', detail: `Ответ не начинается с приветствия; например: ${expected}` };
  }
  if (name && !match[0].includes(name)) {
    return { code: 'greeting', status: 'warning', title: 'Приветствие автора', detail: `В приветствии нет имени автора; например: ${expected}` };
  }
  return { code: 'greeting', status: 'ok', title: 'Приветствие автора', detail: `Есть: «${match[0].trim().slice(0, 80)}»` };
}

const wordPattern = /[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*/gu;

/** Words worth a dictionary look-up: Cyrillic, three letters or more, each once. */
export function wordsToSpellCheck(text: string): string[] {
  const seen = new Set<string>();
  for (const m of text.matchAll(wordPattern)) {
    const w = m[0];
    if (w.length < 3) continue;
    // An abbreviation in capitals (ЖКХ, МФЦ) is not in a spelling dictionary.
    if (w.length <= 6 && w === w.toUpperCase()) continue;
    seen.add(w);
  }
  return [...seen];
}

export function checkSpelling(misspellings: Misspelling[] | null): CheckItem {
  if (misspellings === null) {
    return { code: 'spelling', status: 'unavailable', title: 'Орфография', detail: 'Словарь ещё загружается; проверьте позже' };
  }
  if (misspellings.length === 0) return { code: 'spelling', status: 'ok', title: 'Орфография', detail: 'Ошибок не найдено' };
  const list = misspellings.slice(0, 10).map((m) => (m.suggestions.length > 0 ? `${m.word} → ${m.suggestions.slice(0, 3).join(', ')}` : m.word));
  return { code: 'spelling', status: 'warning', title: 'Орфография', detail: `Возможные ошибки: ${list.join('; ')}` };
}

const requestMarkers = /(?<!\p{L})(прошу|просим|помогите|разберитесь|примите\s+меры|сделайте|когда|почему|зачем|сколько|где|кто|что\s+делать|как|можно\s+ли|будет\s+ли|куда|доколе|верните|уберите|почините|отремонтируйте|требуем|нужно|нужен|нужна|необходимо)(?!\p{L})/iu;

/** Splits a post into its questions and requests: sentences ending in "?" or carrying a request word. */
export function splitQuestions(postText: string): string[] {
  const sentences = postText
    .replace(/\s+/gu, ' ')
    .split(/(?<=[?!.…])\s+|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  const questions = sentences.filter((s) => s.includes('?') || requestMarkers.test(s));
  // A post with no explicit question is itself the request.
  return questions.length > 0 ? questions : (sentences.length > 0 ? [sentences.join(' ')] : []);
}

const stopStems = new Set([
  'когд', 'почем', 'зач', 'скольк', 'где', 'кто', 'что', 'как', 'можн', 'будет', 'прош', 'прос', 'помог',
  'эт', 'наш', 'ваш', 'тольк', 'уже', 'ещ', 'очен', 'сам', 'так', 'там', 'тут', 'был', 'быт', 'есл', 'нет',
  'над', 'нужн', 'вообщ', 'все', 'всё', 'мы', 'вы', 'он', 'он', 'они', 'для', 'при', 'под', 'про', 'без',
]);

/** Content stems of a text: Russian Porter stems of words of 3+ letters, minus question words. */
export function contentStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/[а-яё]+/gu)) {
    if (m[0].length < 3) continue;
    const stem = stemmer.stem(m[0].replace(/ё/gu, 'е'));
    if (stem.length < 3 || stopStems.has(stem)) continue;
    stems.add(stem);
  }
  return stems;
}

export function checkQuestions(postText: string, draft: string): { item: CheckItem; questions: QuestionCoverage[] } {
  const draftStems = contentStems(draft);
  const questions = splitQuestions(postText).map((question) => {
    const matched = [...contentStems(question)].filter((s) => draftStems.has(s));
    return { question, isAddressed: matched.length > 0, matched };
  });
  const missing = questions.filter((q) => !q.isAddressed);
  const item: CheckItem = missing.length === 0
    ? { code: 'questions', status: 'ok', title: 'Ответ на каждый вопрос', detail: `Затронуты все вопросы (${questions.length})` }
    : {
      code: 'questions',
      status: 'warning',
      title: 'Ответ на каждый вопрос',
      detail: `Без ответа ${missing.length} из ${questions.length}: ${missing.map((q) => `«${q.question.slice(0, 120)}»`).join('; ')}`,
    };
  return { item, questions };
}

/** The whole checklist; `misspellings` is null while the dictionary is not loaded. */
export function checkDraft(input: DraftCheckInput, misspellings: Misspelling[] | null): DraftChecklist {
  const greeting = checkGreeting(input.draft, input.authorName);
  const spelling = checkSpelling(misspellings);
  const { item: questionsItem, questions } = checkQuestions(input.postText, input.draft);
  const items = [greeting, spelling, questionsItem];
  return { items, questions, misspellings: misspellings ?? [], isClean: items.every((i) => i.status === 'ok') };
}
