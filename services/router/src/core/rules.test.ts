import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import bundled from '../../rules/lipetsk.json' with { type: 'json' };
import { compilePhrase, compileRules, findPhrase } from './rules';
import { routeWith } from './route';

const clone = () => structuredClone(bundled) as Record<string, any>;

describe('routing rules file', () => {
  it('the bundled Lipetsk rules are valid and cover every topic', () => {
    const result = compileRules(bundled);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.value.topics)).toHaveLength(13);
  });

  it('names the key of an unknown authority', () => {
    const data = clone();
    data.topics.zhkh.rules[0].authority = 'police';
    const result = compileRules(data);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ code: 'ROUTING_RULES_INVALID', retriable: false });
      expect(result.error.message).toContain('topics.zhkh.rules.0.authority');
    }
  });

  it('names a missing topic', () => {
    const data = clone();
    delete data.topics.ecology;
    const result = compileRules(data);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('topics.ecology');
  });

  it('rejects a misspelt key, a broken regex and an unreadable phrase', () => {
    const misspelt = clone();
    misspelt.topics.roads.rules[0].anyy = ['x'];
    expect(compileRules(misspelt).ok).toBe(false);

    const badRegex = clone();
    badRegex.topics.roads.rules[0].regex = '([';
    const r1 = compileRules(badRegex);
    expect(!r1.ok && r1.error.message).toContain('topics.roads.rules.0.regex');

    const badPhrase = clone();
    badPhrase.topics.roads.rules[0].any = ['дорог*а'];
    const r2 = compileRules(badPhrase);
    expect(!r2.ok && r2.error.message).toContain('topics.roads.rules.0.any.0');
  });

  it('reads the same rules from YAML, as a user would write them', () => {
    const yamlText = `
about: test rules
version: 1
region: lipetsk
municipal: { byLocation: { lipetsk_city: lipetsk_city_admin }, otherwise: district_admin, unknown: district_admin }
topics:
${['zhkh', 'roads', 'transport', 'health', 'education', 'improvement', 'ecology', 'social', 'safety', 'economy', 'construction', 'culture_sport', 'other']
    .map((t) => `  ${t}: { default: '@municipal' }`).join('\n')}
addressees: []
requests: { imperativeEndings: [ите], infinitiveEndings: [ть], requestWords: [просим] }
`;
    const result = compileRules(parseYaml(yamlText));
    expect(result.ok).toBe(true);
    if (result.ok) {
      const decision = routeWith({ text: 'нет воды', topic: 'zhkh', location: 'lipetsk_city', importance: 'normal', abuse: 'none', isSpam: false }, result.value);
      expect(decision.authorities).toEqual(['lipetsk_city_admin']);
    }
  });

  it('the JSON on disk parses the same as the import', () => {
    const onDisk = JSON.parse(readFileSync(new URL('../../rules/lipetsk.json', import.meta.url), 'utf8'));
    expect(onDisk).toEqual(bundled);
  });
});

describe('phrases', () => {
  it('matches word prefixes, listed endings, alternatives and gaps', () => {
    const words = 'просим управление здравоохранения срочно прислать врача'.split(' ');
    expect(findPhrase(compilePhrase('управлени* здравоохранени*'), words)).toEqual([[1, 3]]);
    expect(findPhrase(compilePhrase('врач(а|ей)'), words)).toEqual([[5, 6]]);
    expect(findPhrase(compilePhrase('(просим|прошу) ... прислать'), words)).toEqual([[0, 5]]);
    expect(findPhrase(compilePhrase('врачи'), words)).toEqual([]);
  });
});
