// The t.me/s/<channel> preview page (platforms.md §3) to messages and RawPosts, with cheerio. Pure.
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { RawPost } from '@cur/shared/contracts/index';
import { err, ok, type Result } from '@cur/shared/result';
import { sourceError, type SourceError } from '../source';
import { defaultMarkupLimits, readMarkup, type MarkupLimits } from '../markup';
import { buildRawPost, type NormaliseContext } from '../normalise';

export interface TelegramMessage {
  channel: string;
  id: number;
  publishedAt: string;
  isEdited: boolean;
  text: string;
  views: number;
  ownerName: string | null;
  signature: string | null;
  forwardedFrom: { name: string; url: string | null } | null;
  media: string[];
  linkPreview: { url: string; title: string | null; siteName: string | null } | null;
  isService: boolean;
}

export type TelegramPage =
  | { kind: 'messages'; title: string | null; messages: TelegramMessage[]; before: number | null }
  | { kind: 'not_found'; username: string | null }
  | { kind: 'no_preview' };

/** "874", "1.2K", "12.7K", "1.1M" → a number. */
export function parseViews(text: string): number {
  const m = /^([\d.,]+)\s*([KMB])?$/i.exec(text.trim());
  if (!m) return 0;
  const n = Number(m[1]!.replace(',', '.'));
  const mult = { K: 1e3, M: 1e6, B: 1e9 }[(m[2] ?? '').toUpperCase() as 'K' | 'M' | 'B'] ?? 1;
  return Math.round(n * mult);
}

/** Message text as a reader sees it: <br> as new lines, emoji images as their characters, links as their text. */
function messageText($: CheerioAPI, el: Element): string {
  // An album caption can be two nested identical text divs (platforms.md §3): read the innermost.
  let node = $(el).find('.tgme_widget_message_text.js-message_text').not('.js-message_reply_text').first();
  const inner = node.find('.tgme_widget_message_text.js-message_text').first();
  if (inner.length > 0) node = inner;
  if (node.length === 0) return '';
  const clone = node.clone();
  clone.find('br').replaceWith('\n');
  return clone.text().replace(/\u00a0/g, ' ').trim();
}

/**
 * The messages of a preview page, or an error value: SHAPE_CHANGED also for markup past the limits (absurd nesting
 * is refused before parsing) and for anything the parser throws. Never throws.
 */
export function parseChannelPage(html: string, limits: MarkupLimits = defaultMarkupLimits): Result<TelegramPage, SourceError> {
  return readMarkup('t.me page', html, readChannelPage, { limits });
}

function readChannelPage($: CheerioAPI): Result<TelegramPage, SourceError> {
  const wraps = $('.tgme_widget_message[data-post]');
  if (wraps.length === 0) {
    // Under a heavy rate t.me answers an empty page: never read it as "no new posts" (platforms.md §3).
    if ($('.tme_no_messages_found').length > 0) return err(sourceError('RATE_LIMITED', 't.me answered an empty page (tme_no_messages_found): throttled'));
    if ($('.tgme_page_description .tgme_username_link').length > 0 || /^Telegram: Contact @/.test($('title').text())) {
      return ok({ kind: 'not_found', username: $('.tgme_username_link').first().text().replace(/^@/, '') || null });
    }
    // Message-like elements that our selectors miss mean the markup changed, not that the channel is empty.
    if ($('[data-post], .js-widget_message_wrap').length > 0) {
      return err(sourceError('SHAPE_CHANGED', 't.me page has messages but none matches .tgme_widget_message[data-post]'));
    }
    if ($('.tgme_channel_info').length > 0) {
      // A history with nothing in it is the start of the channel (a ?before= below the first message).
      if ($('.tgme_channel_history').length > 0) return ok({ kind: 'messages', title: $('meta[property="og:title"]').attr('content') ?? null, messages: [], before: null });
      return ok({ kind: 'no_preview' });
    }
    return err(sourceError('SHAPE_CHANGED', 't.me page has no tgme_widget_message[data-post] and no known empty or not-found markers'));
  }
  const messages: TelegramMessage[] = [];
  for (const el of wraps.toArray()) {
    const post = /^([A-Za-z0-9_]+)\/(\d+)$/.exec($(el).attr('data-post') ?? '');
    const datetime = $(el).find('a.tgme_widget_message_date time[datetime]').first().attr('datetime');
    if (!post || !datetime || Number.isNaN(Date.parse(datetime))) {
      return err(sourceError('SHAPE_CHANGED', `t.me message without data-post "<channel>/<id>" or time[datetime] (${$(el).attr('data-post') ?? 'no data-post'})`));
    }
    const meta = $(el).find('.tgme_widget_message_meta').first();
    const metaOwnText = meta.contents().filter((_, n) => n.type === 'text').text();
    const forwarded = $(el).find('.tgme_widget_message_forwarded_from').first();
    const forwardedName = forwarded.find('.tgme_widget_message_forwarded_from_name').first();
    const preview = $(el).find('a.tgme_widget_message_link_preview').first();
    const media: string[] = [];
    if ($(el).find('.tgme_widget_message_photo_wrap').length > 0) media.push('photo');
    if ($(el).find('.tgme_widget_message_video_player').length > 0) media.push('video');
    if ($(el).find('.tgme_widget_message_document_wrap').length > 0) media.push('document');
    if ($(el).find('.tgme_widget_message_poll').length > 0) media.push('poll');
    if ($(el).find('.tgme_widget_message_sticker_wrap').length > 0) media.push('sticker');
    messages.push({
      channel: post[1]!,
      id: Number(post[2]),
      publishedAt: new Date(datetime).toISOString(),
      isEdited: /\bedited\b/.test(metaOwnText),
      text: messageText($, el),
      views: parseViews($(el).find('.tgme_widget_message_views').first().text()),
      ownerName: $(el).find('.tgme_widget_message_owner_name').first().text().trim() || null,
      signature: meta.find('.tgme_widget_message_from_author').first().text().trim() || null,
      forwardedFrom: forwarded.length > 0
        ? { name: (forwardedName.text() || forwarded.text().replace(/^Forwarded from\s*/, '')).trim(), url: forwardedName.attr('href') ?? null }
        : null,
      media,
      linkPreview: preview.length > 0
        ? { url: preview.attr('href') ?? '', title: preview.find('.link_preview_title').text().trim() || null, siteName: preview.find('.link_preview_site_name').text().trim() || null }
        : null,
      isService: $(el).hasClass('service_message'),
    });
  }
  messages.sort((a, b) => a.id - b.id);
  const beforeAttr = $('a.tme_messages_more[data-before]').first().attr('data-before')
    ?? /[?&]before=(\d+)/.exec($('link[rel="prev"]').attr('href') ?? '')?.[1];
  const before = beforeAttr && /^\d+$/.test(beforeAttr) ? Number(beforeAttr) : null;
  return ok({ kind: 'messages', title: $('meta[property="og:title"]').attr('content') ?? null, messages, before });
}

export function telegramMessageToRawPost(m: TelegramMessage, context: NormaliseContext): Result<RawPost, SourceError> {
  return buildRawPost({
    uid: `telegram:${m.channel}:${m.id}`,
    platform: 'telegram',
    source: 'telegram',
    kind: 'post',
    parentUid: null,
    url: `https://t.me/${m.channel}/${m.id}`,
    authorId: `tg_${m.channel}`,
    // A signed post names its author; otherwise the channel speaks.
    authorName: m.signature ?? m.ownerName,
    publishedAt: m.publishedAt,
    editedAt: null,
    version: 0,
    text: m.text,
    engagement: { likes: 0, reposts: 0, comments: 0, views: m.views },
    payload: {
      channel: m.channel, messageId: m.id, isEdited: m.isEdited || undefined, signature: m.signature ?? undefined,
      forwardedFrom: m.forwardedFrom ?? undefined, media: m.media.length > 0 ? m.media : undefined, linkPreview: m.linkPreview ?? undefined,
    },
  }, context);
}
