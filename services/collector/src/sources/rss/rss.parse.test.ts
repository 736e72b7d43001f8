import { describe, expect, it } from 'vitest';
import { parseFeed, webItemToRawPost } from './rss.parse';
import { parseHtmlPage } from '../html/html.parse';

const context = { sourceId: 'news', region: 'lipetsk' as const, collectedAt: '2026-11-13T12:00:00.000Z' };
// Invented feeds in the shape of RSS 2.0 and Atom 1.0 (the shared fixtures hold none).
const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Елецкие новости</title>
<item><title>Отключение воды на Радиотехнической</title><link>https://elets-news.example/n/101</link><guid>https://elets-news.example/n/101</guid>
<description>&lt;p&gt;С 12 по 14 ноября &lt;b&gt;нет горячей воды&lt;/b&gt;.&lt;/p&gt;</description><pubDate>Thu, 12 Nov 2026 08:00:00 +0300</pubDate><dc:creator>Редакция</dc:creator></item>
</channel></rss>`;
const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Портал</title>
<entry><id>tag:portal.example,2026:7</id><title>Ямы на Коммунаров</title><link rel="alternate" href="https://portal.example/7"/>
<published>2026-11-13T09:00:00+03:00</published><updated>2026-11-13T10:30:00+03:00</updated><summary>Жители жалуются.</summary><author><name>Ольга</name></author></entry></feed>`;

describe('feeds', () => {
  it('reads RSS items with HTML descriptions as text', () => {
    const r = parseFeed(rss);
    expect(r).toEqual({ ok: true, value: [{ id: 'https://elets-news.example/n/101', link: 'https://elets-news.example/n/101', title: 'Отключение воды на Радиотехнической', text: 'С 12 по 14 ноября нет горячей воды.', author: 'Редакция', publishedAt: '2026-11-12T05:00:00.000Z', updatedAt: null }] });
    const post = r.ok ? webItemToRawPost(r.value[0]!, { platform: 'rss', host: 'elets-news.example', family: 'web', pageUrl: 'https://elets-news.example/rss' }, context) : null;
    expect(post?.ok && post.value).toMatchObject({ uid: expect.stringMatching(/^rss:elets-news\.example:[0-9a-f]{16}$/), kind: 'post', source: 'web', text: 'Отключение воды на Радиотехнической\n\nС 12 по 14 ноября нет горячей воды.', authorId: 'web_elets-news.example' });
  });

  it('reads Atom entries with their update as a version', () => {
    const r = parseFeed(atom);
    expect(r.ok && r.value[0]).toMatchObject({ id: 'tag:portal.example,2026:7', link: 'https://portal.example/7', publishedAt: '2026-11-13T06:00:00.000Z', updatedAt: '2026-11-13T07:30:00.000Z', author: 'Ольга' });
  });

  it('calls a document that is neither a changed shape', () => {
    expect(parseFeed('<html><body>moved</body></html>')).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
  });
});

describe('HTML pages with selectors', () => {
  const html = `<html><body><ul class="news">
    <li class="item" data-id="n-5"><a class="t" href="/news/5">Нет света</a><p class="body">На Мира 12<br>нет света с утра</p><span class="d">13.11.2026 09:30</span></li>
    <li class="item" data-id="n-4"><a class="t" href="https://evil.example/x">Ремонт</a><p class="body">Ремонт дороги</p><span class="d">12.11.2026 18:00</span></li>
  </ul></body></html>`;
  const config = { selectors: { item: 'li.item', text: 'p.body', title: 'a.t', link: 'a.t', date: 'span.d', id: 'data-id' }, dateFormat: 'dd.MM.yyyy HH:mm', timeZone: 'Europe/Moscow' };

  it('reads items, resolves links without fetching them, applies the zone', () => {
    const r = parseHtmlPage(html, config, 'https://city.example/news', '2026-11-13T12:00:00.000Z');
    expect(r).toEqual({ ok: true, value: [
      { id: 'n-5', link: 'https://city.example/news/5', title: 'Нет света', text: 'На Мира 12\nнет света с утра', author: null, publishedAt: '2026-11-13T06:30:00.000Z', updatedAt: null },
      { id: 'n-4', link: 'https://evil.example/x', title: 'Ремонт', text: 'Ремонт дороги', author: null, publishedAt: '2026-11-12T15:00:00.000Z', updatedAt: null },
    ] });
  });

  it('reports a changed page when the item selector matches nothing', () => {
    expect(parseHtmlPage('<html><body><div class="new-layout"></div></body></html>', config, 'https://city.example/news', '2026-11-13T12:00:00.000Z'))
      .toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED', message: expect.stringContaining('li.item') } });
  });
});
