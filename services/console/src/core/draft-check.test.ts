import { describe, expect, it } from 'vitest';
import { checkDraft, checkGreeting, checkQuestions, firstName, splitQuestions, wordsToSpellCheck } from './draft-check';

const post = 'Третий день нет горячей воды в доме на ул. Катукова, 30. Когда дадут воду? И почему никто не отвечает в управляющей компании?';

describe('greeting', () => {
  it('accepts a greeting with the author name', () => {
    expect(checkGreeting('Здравствуйте, Анна! Подача воды восстановлена.', 'Анна Петрова').status).toBe('ok');
  });
  it('asks for the name when the author is known', () => {
    const item = checkGreeting('Здравствуйте! Подача воды восстановлена.', 'Анна Петрова');
    expect(item.status).toBe('warning');
    expect(item.detail).toContain('«Здравствуйте, Анна!»');
  });
  it('flags a draft without a greeting', () => {
    expect(checkGreeting('Подача воды восстановлена.', null).status).toBe('warning');
  });
  it('accepts "Добрый день" when no name is known', () => {
    expect(checkGreeting('Добрый день! Воду дали.', 'user12345').status).toBe('ok');
  });
  it('takes a first name only from a Cyrillic capitalised word', () => {
    expect(firstName('Анна Петрова')).toBe('Анна');
    expect(firstName('anna_1990')).toBeNull();
    expect(firstName(null)).toBeNull();
  });
});

describe('questions', () => {
  it('splits a post into its questions and requests', () => {
    expect(splitQuestions(post)).toEqual(['Когда дадут воду?', 'И почему никто не отвечает в управляющей компании?']);
  });
  it('treats a post without questions as one request', () => {
    expect(splitQuestions('Яма на дороге у школы №5.')).toEqual(['Яма на дороге у школы №5.']);
  });
  it('reports a question the draft does not touch', () => {
    const { item, questions } = checkQuestions(post, 'Здравствуйте! Подачу воды восстановят завтра к 12:00.');
    expect(item.status).toBe('warning');
    expect(questions.map((q) => q.isAddressed)).toEqual([true, false]);
    expect(item.detail).toContain('управляющей компании');
  });
  it('passes when every question shares stems with the draft', () => {
    const { item } = checkQuestions(post, 'Здравствуйте! Подачу воды восстановят завтра. Управляющая компания получила предписание отвечать жителям.');
    expect(item.status).toBe('ok');
  });
});

describe('checkDraft', () => {
  it('lists misspellings from the dictionary with suggestions', () => {
    const list = checkDraft({ postText: post, authorName: null, draft: 'Здравствуйте! Воду дадут завтра.' }, [{ word: 'отопленние', suggestions: ['отопление'] }]);
    const spelling = list.items.find((i) => i.code === 'spelling');
    expect(spelling?.status).toBe('warning');
    expect(spelling?.detail).toContain('отопленние → отопление');
    expect(list.isClean).toBe(false);
  });
  it('marks spelling unavailable while the dictionary loads', () => {
    const list = checkDraft({ postText: post, authorName: null, draft: 'Здравствуйте!' }, null);
    expect(list.items.find((i) => i.code === 'spelling')?.status).toBe('unavailable');
  });
  it('is clean when all three checks pass', () => {
    const list = checkDraft({ postText: 'Когда отремонтируют дорогу?', authorName: 'Иван', draft: 'Здравствуйте, Иван! Дорогу отремонтируют в июне.' }, []);
    expect(list.isClean).toBe(true);
  });
  it('collects words for the dictionary without abbreviations or short words', () => {
    expect(wordsToSpellCheck('ЖКХ и МФЦ ответят: дом-музей откроется')).toEqual(['ответят', 'дом-музей', 'откроется']);
  });
});
