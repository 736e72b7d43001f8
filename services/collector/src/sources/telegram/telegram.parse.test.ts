import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseChannelPage, parseViews, telegramMessageToRawPost, type TelegramPage } from './telegram.parse';

const page = (name: string): string => readFileSync(join(__dirname, '../../../test/fixtures/telegram', name), 'utf8');
const context = { sourceId: 'tg-elets', region: 'lipetsk' as const, collectedAt: '2026-11-13T12:00:00.000Z' };
const messagesOf = (html: string): Extract<TelegramPage, { kind: 'messages' }> => {
  const r = parseChannelPage(html);
  if (!r.ok || r.value.kind !== 'messages') throw new Error('not a messages page');
  return r.value;
};

describe('t.me/s channel page', () => {
  const first = messagesOf(page('channel-page-1.html'));

  it('reads 8 messages oldest first and the before cursor', () => {
    expect(first.messages.map((m) => m.id)).toEqual([3051, 3052, 3053, 3054, 3055, 3056, 3057, 3058]);
    expect(first.before).toBe(3051);
    expect(messagesOf(page('channel-page-2.html')).before).toBe(3043);
  });

  it('normalises a photo post with emoji and hashtags exactly', () => {
    expect(telegramMessageToRawPost(first.messages[0]!, context)).toEqual({
      ok: true,
      value: {
        schemaVersion: 1,
        uid: 'telegram:elets_online48:3051',
        platform: 'telegram',
        source: 'telegram',
        sourceId: 'tg-elets',
        region: 'lipetsk',
        kind: 'post',
        parentUid: null,
        url: 'https://t.me/elets_online48/3051',
        authorId: 'tg_elets_online48',
        authorName: 'Елец Онлайн | 48',
        publishedAt: '2026-11-12T05:10:44.000Z',
        collectedAt: '2026-11-13T12:00:00.000Z',
        editedAt: null,
        version: 0,
        text: 'Коммунаров, 38. Яма на всю полосу, знаков нет, ночью её не видно. Фото прислал подписчик 📸\n\n#Елец #дороги',
        engagement: { likes: 0, reposts: 0, comments: 0, views: 3100 },
        payload: { channel: 'elets_online48', messageId: 3051, media: ['photo'] },
      },
    });
  });

  it('marks forwards, edits, signatures and link previews', () => {
    const [, fwd, edited, link, signed] = first.messages;
    expect(fwd).toMatchObject({ forwardedFrom: { name: 'ЕДДС Елец', url: 'https://t.me/edds_elets/1874' }, isEdited: false });
    expect(edited).toMatchObject({ isEdited: true, views: 4800 });
    expect(edited!.text).toContain('талоны к терапевту только на 3 декабря, в регистратуре с семи утра очередь на улице.\n\nUPD:');
    expect(link).toMatchObject({ linkPreview: { url: 'https://transport48.example/news/marshrut-7-otmena', title: 'Маршрут №7 «Ольшанец — Автовокзал» временно отменяется' } });
    expect(link!.text.startsWith('🚌 С 16 ноября')).toBe(true);
    expect(signed).toMatchObject({ signature: 'Ирина Сафонова' });
    const post = telegramMessageToRawPost(signed!, context);
    expect(post.ok && post.value.authorName).toBe('Ирина Сафонова');
  });

  it('keeps a media-only post with empty text', () => {
    const html = page('channel-page-1.html').replace(/<div class="tgme_widget_message_text js-message_text" dir="auto">Коммунаров[\s\S]*?<\/div>\n/, '');
    const m = messagesOf(html).messages[0]!;
    expect(m).toMatchObject({ id: 3051, text: '', media: ['photo'] });
    expect(telegramMessageToRawPost(m, context).ok).toBe(true);
  });

  it('recognises the contact page of a missing channel', () => {
    expect(parseChannelPage(page('not-found.html'))).toEqual({ ok: true, value: { kind: 'not_found', username: 'elets_no_such_channel' } });
  });

  it('calls a page without the expected markup a changed shape, and an empty page throttling', () => {
    const changed = page('channel-page-1.html').replaceAll('tgme_widget_message ', 'tgme_post ');
    expect(parseChannelPage(changed)).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
    expect(parseChannelPage('<html><body><section class="tgme_channel_history"><div class="tme_no_messages_found">No messages</div></section></body></html>'))
      .toMatchObject({ ok: false, error: { code: 'RATE_LIMITED', retriable: true } });
    const noTime = page('channel-page-1.html').replace('<time datetime="2026-11-12T05:10:44+00:00" class="time">05:10</time>', '');
    expect(parseChannelPage(noTime)).toMatchObject({ ok: false, error: { code: 'SHAPE_CHANGED' } });
  });

  it('reads abbreviated view counts', () => {
    expect(['874', '1.2K', '12.7K', '1.1M', ''].map(parseViews)).toEqual([874, 1200, 12_700, 1_100_000, 0]);
  });
});
