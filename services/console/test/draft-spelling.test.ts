import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDraft, wordsToSpellCheck } from '../src/core/draft-check';
import { createSpeller, type Speller } from '../src/spelling/speller';

// The Russian hunspell dictionary (npm dictionary-ru) loads offline in a worker thread in about 13 s.
describe('draft check with the Russian hunspell dictionary', () => {
  let speller: Speller;
  beforeAll(async () => {
    speller = createSpeller({ isEnabled: true, timeoutMs: 30_000 });
    speller.start();
    expect(await speller.ready()).toBe(true);
  }, 120_000);
  afterAll(async () => { await speller.stop(); });

  it('finds misspelled words and suggests corrections', async () => {
    const draft = 'Здравствуйте, Анна! Подача отопленния в доме будет востановлена сегодня.';
    const misspellings = await speller.check(wordsToSpellCheck(draft));
    expect(misspellings?.map((m) => m.word)).toEqual(['отопленния', 'востановлена']);
    expect(misspellings?.[1]?.suggestions).toContain('восстановлена');
  });

  it('passes a correct draft with names, ё and inflected forms', async () => {
    const draft = 'Здравствуйте, Анна! Ремонт дороги на улице Мира запланирован на май. Ещё раз благодарим за обращение.';
    const list = checkDraft({ postText: 'Когда отремонтируют дорогу на улице Мира?', authorName: 'Анна Петрова', draft }, await speller.check(wordsToSpellCheck(draft)));
    expect(list.items.map((i) => [i.code, i.status])).toEqual([['greeting', 'ok'], ['spelling', 'ok'], ['questions', 'ok']]);
    expect(list.isClean).toBe(true);
  });
});
