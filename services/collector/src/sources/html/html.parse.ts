// An HTML page read with per-site CSS selectors to feed items. Pure.
import type { CheerioAPI } from 'cheerio';
import { DateTime } from 'luxon';
import { err, ok, type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import type { FeedItem } from '../rss/rss.parse';
import { shortHash } from '../rss/rss.parse';
import { defaultMarkupLimits, readMarkup, type MarkupLimits } from '../markup';
import type { HtmlSource } from './html.config';

export function parseDate(text: string, format: string | undefined, zone: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const dt = format ? DateTime.fromFormat(t, format, { zone, locale: 'ru' }) : DateTime.fromISO(t, { zone });
  return dt.isValid ? dt.toUTC().toISO() : null;
}

type PageConfig = Pick<HtmlSource, 'selectors' | 'dateFormat' | 'timeZone'>;

/**
 * Items found by the selectors. No item at all is SHAPE_CHANGED: the site changed its markup. Markup past the
 * limits and anything the parser throws are SHAPE_CHANGED too; never throws.
 */
export function parseHtmlPage(html: string, config: PageConfig, pageUrl: string, collectedAt: string, limits: MarkupLimits = defaultMarkupLimits): Result<FeedItem[], SourceError> {
  return readMarkup('HTML page', html, ($) => readItems($, config, pageUrl, collectedAt), { limits });
}

function readItems($: CheerioAPI, config: PageConfig, pageUrl: string, collectedAt: string): Result<FeedItem[], SourceError> {
  const s = config.selectors;
  const nodes = $(s.item).toArray();
  if (nodes.length === 0) return err(sourceError('SHAPE_CHANGED', `no element matches the item selector "${s.item}"`));
  const items: FeedItem[] = [];
  for (const node of nodes) {
    const el = $(node);
    const textEl = el.find(s.text).first().clone();
    textEl.find('br').replaceWith('\n');
    const text = textEl.text().replace(/\u00a0/g, ' ').trim();
    const title = s.title ? el.find(s.title).first().text().trim() : '';
    if (!text && !title) return err(sourceError('SHAPE_CHANGED', `an item has no text at "${s.text}"`));
    const href = s.link ? el.find(s.link).first().attr('href') : undefined;
    let link: string | null = null;
    // Links are resolved for the record only; the collector never fetches them.
    if (href) try { link = new URL(href, pageUrl).toString(); } catch { link = null; }
    const dateEl = s.date ? el.find(s.date).first() : null;
    const rawDate = dateEl ? (s.dateAttr ? dateEl.attr(s.dateAttr) ?? '' : dateEl.text()) : '';
    const publishedAt = s.date ? parseDate(rawDate, config.dateFormat, config.timeZone) : collectedAt;
    if (!publishedAt) return err(sourceError('SHAPE_CHANGED', `unreadable date "${rawDate.trim()}" at "${s.date}"`));
    const id = (s.id ? el.attr(s.id) : undefined) ?? link ?? shortHash(`${title}\n${text}`);
    items.push({ id, link, title, text, author: s.author ? el.find(s.author).first().text().trim() || null : null, publishedAt, updatedAt: null });
  }
  return ok(items);
}
