// Public Telegram channels read through the web preview t.me/s/<channel>.
import { z } from 'zod';
import { commonSourceFields } from '../source.config';

export const TelegramPlatform = z.object({
  baseUrl: z.string().url().default('https://t.me').describe('Preview host; /s/<channel> is appended'),
  requestsPerSec: z.number().positive().default(0.5).describe('Pages per second over all channels: t.me answers fast polling with empty pages [C]'),
}).strict();
export type TelegramPlatform = z.infer<typeof TelegramPlatform>;

export const TelegramChannelSource = z.object({
  type: z.literal('telegram_channel').describe('A public channel (comments live in a linked group and are not visible)'),
  ...commonSourceFields,
  channel: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,63}$/, 'a channel username without @').describe('Channel username, e.g. elets_online48'),
  maxPages: z.number().int().min(1).max(100).default(10).describe('Pages (about 20 posts each) read back per poll at most'),
}).strict();
export type TelegramChannelSource = z.infer<typeof TelegramChannelSource>;
