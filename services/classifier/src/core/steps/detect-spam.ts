// Spam step: advertisements and link farms; spam is not processed further.
import type { Evidence } from '@cur/shared/contracts/index';
import { codeUnitSet, countRuns } from '../text/code-units';
import { execScreened, regexScreen, screened, testScreened } from '../text/prefilter';
import { compilePhrase } from './detect-abuse';

export interface SpamVerdict {
  isSpam: boolean;
  evidence: Evidence;
}

/** Cues of an advertisement; two different ones make a post spam. */
const AD_CUES: Array<[name: string, pattern: string]> = [
  ['sell', '\\b(?:продам|продаю|продается|продаются|куплю|скупка|сдам|сдаю|сдается|обменяю)\\b'],
  ['hire', '\\b(?:требуются|требуется|приглашаем на работу|вакансия|вакансии|набираем)\\b'],
  ['easy-money', 'заработ(?:ок|ай|аешь)|без\\s+вложений|пассивн[а-я]*\\s+доход|доход\\s+от\\s+\\d|от\\s+\\d+\\s*(?:000|тыс|к)\\s+в\\s+(?:день|неделю)|удаленн[а-я]*\\s+работ|инвестиц[а-я]*\\s+от'],
  ['contact', 'пиши(?:те)?\\s+(?:мне\\s+)?(?:в\\s+)?(?:личку|лс|личные|директ|сообщени|whatsapp|ватсап|вотсап|телеграм)|в\\s+лс\\b|звоните|обращайтесь\\s+по\\s+(?:телефону|номеру)|\\+7\\s?\\d{3}|8\\s?\\(?9\\d{2}|тел\\.?\\s*\\d'],
  ['offer', '\\b(?:недорого|дешево|скидк[а-я]*|акция|гарантия|выезд\\s+(?:в\\s+любой|мастера|на\\s+дом)|на\\s+дому|доставка|бесплатная\\s+консультация|прайс|опт\\b|в\\s+наличии)'],
  ['service', '\\b(?:ремонт|установка|изготовление|натяжные|грузоперевозки|эвакуатор|услуги)\\s+(?:\\S+\\s+)?(?:холодильник|стиральн|телевизор|окон|потолк|под ключ|любой сложности|на дому)'],
  ['promo', 'подписывайтесь|переходи(?:те)?\\s+по\\s+ссылке|ссылка\\s+в\\s+(?:профиле|описании)|казино|ставки\\s+на\\s+спорт|промокод|розыгрыш|кредит\\s+без|займ|микрозайм|бонус\\s+за\\s+регистрацию|пиши\\s+слово'],
];
// The cues are screened with one pass over the text (text/prefilter): a regex whose literals are absent is not run.
const SCREEN = regexScreen();
const AD = AD_CUES.map(([name, p]) => ({ name, re: screened(SCREEN, compilePhrase(p)) }));
const LINK_RE = /(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:ru|рф|com|net|org|su|info|me|io|online|site|shop|club|pro|biz)\b/giu;
const COMPLAINT_RE = screened(SCREEN, compilePhrase('жалоб|почему|когда\\s+(?:\\S+\\s+)?будет|помогите|просим|администраци|не\\s+работает|нет\\s+(?:воды|света|тепла)'));
/** Code units of words, as splitting at /\s+/ counts them. */
const NOT_SPACE = codeUnitSet(/\S/);

/** `text` is the original post text (links still in it); `plain` its lower-case view. */
export function detectSpam(text: string, plain: string): SpamVerdict {
  const matched: string[] = [];
  for (const cue of AD) {
    const m = execScreened(cue.re, plain);
    if (m) matched.push(`${cue.name}:${m[0]}`);
  }
  const links = text.match(LINK_RE)?.length ?? 0;
  const words = countRuns(plain, NOT_SPACE);
  const complaint = testScreened(COMPLAINT_RE, plain);
  // A link farm: mostly links, few words; an ad: two kinds of ad cue, or one with a link, and no complaint in it.
  const linkFarm = links >= 3 || (links >= 2 && words < 25);
  const ad = !complaint && (matched.length >= 2 || (matched.length >= 1 && links >= 1));
  const isSpam = linkFarm || ad;
  return {
    isSpam,
    evidence: {
      step: 'spam',
      value: isSpam ? 'spam' : 'not_spam',
      matched: links > 0 ? [...matched, `links:${links}`] : matched,
      rule: linkFarm ? 'link-farm' : ad ? 'advertisement' : 'no-match',
      score: matched.length,
    },
  };
}
