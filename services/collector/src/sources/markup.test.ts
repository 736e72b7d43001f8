import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { err } from '@cur/shared/result';
import { defaultMarkupLimits, fragmentText, measureMarkup, readMarkup, wellFormed } from './markup';
import { sourceError } from './source';
import { parseChannelPage } from './telegram/telegram.parse';
import { parseHtmlPage } from './html/html.parse';
import { htmlToText, parseFeed } from './rss/rss.parse';
import { commentText } from './youtube/youtube.parse';

const tgPage = readFileSync(join(__dirname, '../../test/fixtures/telegram/channel-page-1.html'), 'utf8');
const lowPair = String.fromCharCode(0xdc00, 0xdc00);
const timed = <T>(f: () => T): { value: T; ms: number } => {
  const started = performance.now();
  const value = f();
  return { value, ms: performance.now() - started };
};
const htmlConfig = { selectors: { item: 'li.item', text: 'p.body' }, timeZone: 'Europe/Moscow' };

describe('measureMarkup: a linear estimate of nesting before any parse', () => {
  it('measures a real t.me page far under the limits', () => {
    const shape = measureMarkup(tgPage);
    expect(shape.exceeded).toBeNull();
    expect(shape.depth).toBeGreaterThan(5);
    expect(shape.depth).toBeLessThan(40);
    expect(shape.tags).toBeGreaterThan(100);
  });

  it('stops at the depth limit on 20,000 nested elements, also written "<div/>" (the slash does not close a div)', () => {
    for (const text of ['<div>'.repeat(20_000), '<div/>'.repeat(20_000), '<b>'.repeat(20_000), '<rt>'.repeat(20_000)]) {
      const { value, ms } = timed(() => measureMarkup(text));
      expect(value.exceeded, text.slice(0, 10)).toBe('depth');
      expect(value.depth).toBe(defaultMarkupLimits.maxDepth + 1);
      expect(ms).toBeLessThan(100);
    }
  });

  it('closes what an end tag leaves open, ignores stray end tags, and adds no depth for void and implied-end elements', () => {
    expect(measureMarkup('<div><span><b>x</div><div><i>y</i></div>').depth).toBe(3);
    expect(measureMarkup('</div></div><div></span></div>').depth).toBe(1);
    expect(measureMarkup(`<ul>${'<li><p>item<br><img src=x>'.repeat(4000)}</ul>`)).toMatchObject({ depth: 1, exceeded: null });
    // Unclosed spans count until an end tag of an element around them closes them, as a tree builder would.
    const sloppyBlock = `<div>${'<span>x'.repeat(300)}</div>`;
    expect(measureMarkup(sloppyBlock.repeat(50))).toMatchObject({ depth: 301, exceeded: null });
  });

  it('skips comments, CDATA and the content of script, style and textarea', () => {
    const hidden = '<div>'.repeat(5000);
    expect(measureMarkup(`<!-- ${hidden} --><p>x`).depth).toBe(0);
    expect(measureMarkup(`<script>var s = "${hidden}";</SCRIPT ><div></div>`).depth).toBe(1);
    expect(measureMarkup(`<style>${hidden}</style><textarea>${hidden}</textarea>`).depth).toBe(0);
    expect(measureMarkup(`<rss><item><![CDATA[${hidden}]]></item></rss>`, { xml: true }).depth).toBe(2);
  });

  it('honours self-closing tags in XML only', () => {
    expect(measureMarkup('<feed><link href="x"/><entry><id>1</id></entry></feed>', { xml: true }).depth).toBe(3);
    expect(measureMarkup('<a/>'.repeat(2000), { xml: true }).exceeded).toBeNull();
  });

  it('counts tags, and refuses a text of nothing but "<" at a bound instead of scanning 5 MB', () => {
    expect(measureMarkup('<i></i>'.repeat(defaultMarkupLimits.maxTags + 1)).exceeded).toBe('tags');
    const { value, ms } = timed(() => measureMarkup('<'.repeat(5 * 1024 * 1024)));
    expect(value.exceeded).toBe('tags');
    expect(ms).toBeLessThan(200);
  });
});

describe('parsers behind the guard: error values, never exceptions, never a stalled event loop', () => {
  it('refuses 10,000 and 20,000 nested elements in milliseconds with SHAPE_CHANGED', () => {
    for (const levels of [10_000, 20_000]) {
      const html = `<html><body>${'<div>'.repeat(levels)}x</body></html>`;
      const runs = [
        timed(() => parseChannelPage(html)),
        timed(() => parseHtmlPage(html, htmlConfig, 'https://city.example/news', '2026-11-13T12:00:00.000Z')),
        timed(() => parseFeed(`<rss><channel>${'<x>'.repeat(levels)}</channel></rss>`)),
      ];
      for (const run of runs) {
        expect(run.value).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED', retriable: false } });
        expect(!run.value.ok && run.value.error.message).toMatch(/nested deeper than 512 levels/);
        expect(run.ms).toBeLessThan(100);
      }
    }
  });

  it('reads markup with unpaired surrogates (two low ones in a row made parse5 throw a RangeError)', () => {
    expect(parseChannelPage(`<p>a${lowPair}b</p>`)).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
    // Inside a real page, the messages are still read; the lone halves become U+FFFD.
    const page = parseChannelPage(tgPage.replace('tgme_widget_message_text js-message_text" dir="auto">', `tgme_widget_message_text js-message_text" dir="auto">${lowPair}`));
    expect(page.ok && page.value.kind === 'messages' && page.value.messages.length).toBe(8);
    expect(page.ok && page.value.kind === 'messages' && page.value.messages.some((m) => m.text.startsWith('\ufffd\ufffd'))).toBe(true);
    const items = parseHtmlPage(`<ul><li class="item"><p class="body">Нет света${lowPair}</p></li></ul>`, htmlConfig, 'https://city.example/news', '2026-11-13T12:00:00.000Z');
    expect(items).toMatchObject({ ok: true, value: [{ text: 'Нет света\ufffd\ufffd' }] });
    expect(parseFeed(`<rss><channel><item><guid>1</guid><pubDate>Thu, 12 Nov 2026 08:00:00 +0300</pubDate><description>a${lowPair}</description></item></channel></rss>`))
      .toMatchObject({ ok: true, value: [{ text: 'a\ufffd\ufffd' }] });
  });

  it('reads a YouTube textDisplay with JSON-escaped lone surrogates, and deep comment html as stripped text', () => {
    const snippet = JSON.parse('{"textDisplay":"Яма\\udc00\\udc00<br>у школы"}') as { textDisplay: string };
    expect(commentText(snippet as never)).toBe('Яма\ufffd\ufffd\nу школы');
    expect(commentText({ textDisplay: `${'<b>'.repeat(20_000)}глубоко` } as never)).toBe('глубоко');
    expect(htmlToText(`${'<i>'.repeat(20_000)}текст`)).toBe('текст');
  });

  it('maps anything a reader throws to SHAPE_CHANGED', () => {
    const r = readMarkup('test page', '<p>x</p>', () => { throw new TypeError('boom'); });
    expect(r).toEqual(err(sourceError('SHAPE_CHANGED', 'test page: the markup could not be parsed (TypeError: boom)')));
    expect(readMarkup('test page', '<p>x</p>', ($) => err(sourceError('NOT_FOUND', $('p').text())))).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: 'x' } });
    expect(fragmentText('<p>a</p>', () => { throw new Error('boom'); })).toBe('a');
  });

  it('replaces only unpaired surrogates', () => {
    expect(wellFormed(`a\ud83d\ude00b${lowPair}\ud800`)).toBe('a\ud83d\ude00b\ufffd\ufffd\ufffd');
  });
});
