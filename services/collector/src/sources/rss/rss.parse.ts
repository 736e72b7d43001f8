// RSS 2.0 and Atom documents to feed items and RawPosts, with cheerio in XML mode. Pure.
import { createHash } from 'node:crypto';
import type { CheerioAPI } from 'cheerio';
import type { RawPost, SourceFamily } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import { defaultMarkupLimits, fragmentText, readMarkup, type MarkupLimits } from '../markup';
import { buildRawPost, type NormaliseContext } from '../normalise';

export interface FeedItem {
  id: string;
  link: string | null;
  title: string;
  text: string;
  author: string | null;
  publishedAt: string;
  updatedAt: string | null;
}

/** HTML inside a description as plain text (markup past the limits: the text with tags stripped). Never throws. */
export const htmlToText = (html: string): string =>
  fragmentText(`<div>${html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/p>/gi, '\n\n')}</div>`, ($) => $('div').first().text())
    .replace(/\n{3,}/g, '\n\n').trim();

const toIso = (text: string | undefined): string | null => {
  if (!text) return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

/** Items of an RSS or Atom document; SHAPE_CHANGED for anything else, markup past the limits included. Never throws. */
export function parseFeed(xml: string, limits: MarkupLimits = defaultMarkupLimits): Result<FeedItem[], SourceError> {
  return readMarkup('feed', xml, readFeed, { xml: true, limits });
}

function readFeed($: CheerioAPI): Result<FeedItem[], SourceError> {
  const isRss = $('rss > channel').length > 0 || $('rdf\\:RDF').length > 0;
  const isAtom = $('feed').length > 0;
  if (!isRss && !isAtom) return err(sourceError('SHAPE_CHANGED', 'feed is neither RSS (rss > channel) nor Atom (feed)'));
  const items: FeedItem[] = [];
  const nodes = isRss ? $('item').toArray() : $('feed > entry').toArray();
  for (const node of nodes) {
    const el = $(node);
    const link = isRss ? el.children('link').first().text().trim() || null : (el.children('link[rel="alternate"]').attr('href') ?? el.children('link').first().attr('href') ?? null);
    const id = (isRss ? el.children('guid').first().text() : el.children('id').first().text()).trim() || link || '';
    const published = toIso(isRss ? el.children('pubDate').first().text() || el.children('dc\\:date').first().text() : el.children('published').first().text() || el.children('updated').first().text());
    const updated = isAtom ? toIso(el.children('updated').first().text()) : null;
    const body = isRss
      ? el.children('content\\:encoded').first().text() || el.children('description').first().text()
      : el.children('content').first().text() || el.children('summary').first().text();
    if (!id || !published) return err(sourceError('SHAPE_CHANGED', `feed item without ${!id ? 'guid/id/link' : 'a readable date'}`));
    items.push({
      id,
      link,
      title: el.children('title').first().text().trim(),
      text: htmlToText(body),
      author: (isRss ? el.children('dc\\:creator').first().text() || el.children('author').first().text() : el.find('author > name').first().text()).trim() || null,
      publishedAt: published,
      updatedAt: updated && updated !== published ? updated : null,
    });
  }
  return ok(items);
}

export const shortHash = (text: string): string => createHash('sha1').update(text).digest('hex').slice(0, 16);

/** A web item as a RawPost: uid from the feed host and a hash of the item id. */
export function webItemToRawPost(item: FeedItem, options: { platform: 'rss' | 'html'; host: string; family: SourceFamily; pageUrl: string }, context: NormaliseContext): Result<RawPost, SourceError> {
  const text = [item.title, item.text].filter((t, i, a) => t.length > 0 && a.indexOf(t) === i).join('\n\n');
  return buildRawPost({
    uid: `${options.platform}:${options.host}:${shortHash(item.id)}`,
    platform: options.platform,
    source: options.family,
    kind: 'post',
    parentUid: null,
    url: item.link ?? options.pageUrl,
    authorId: `web_${options.host}`,
    authorName: item.author,
    publishedAt: item.publishedAt,
    editedAt: item.updatedAt,
    version: item.updatedAt ? Math.floor(Date.parse(item.updatedAt) / 1000) : 0,
    text,
    engagement: { likes: 0, reposts: 0, comments: 0, views: 0 },
    payload: { itemId: item.id, title: item.title || undefined },
  }, context);
}
