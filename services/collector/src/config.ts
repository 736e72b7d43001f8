// The sources file: defaults, per-platform settings (base URLs, limits) and a list of sources, one schema per type.
import { z } from 'zod';
import { loadConfigFile, parseConfig } from '@cur/shared/config/load-config';
import type { Platform } from '@cur/shared/contracts/index';
import { Defaults } from './sources/source.config';
import { VkPlatform, VkSearchSource, VkVideoSource, VkWallSource } from './sources/vk/vk.config';
import { OkGroupSource, OkPlatform } from './sources/ok/ok.config';
import { TelegramChannelSource, TelegramPlatform } from './sources/telegram/telegram.config';
import { YoutubeChannelSource, YoutubePlatform, YoutubeVideoSource } from './sources/youtube/youtube.config';
import { RutubePlatform, RutubeVideoSource } from './sources/rutube/rutube.config';
import { RssSource } from './sources/rss/rss.config';
import { HtmlSource } from './sources/html/html.config';
import { ReplaySource } from './sources/replay/replay.config';

export const SourceConfig = z.discriminatedUnion('type', [
  VkWallSource, VkSearchSource, VkVideoSource, OkGroupSource, TelegramChannelSource,
  YoutubeVideoSource, YoutubeChannelSource, RutubeVideoSource, RssSource, HtmlSource, ReplaySource,
]);
export type SourceConfig = z.infer<typeof SourceConfig>;
export type SourceConfigInput = z.input<typeof SourceConfig>;
export type SourceType = SourceConfig['type'];

/** The platform each source type talks to (RawPost.platform). */
export const platformOfType: Record<SourceType, Platform> = {
  vk_wall: 'vk', vk_search: 'vk', vk_video: 'vk_video', ok_group: 'ok', telegram_channel: 'telegram',
  youtube_video: 'youtube', youtube_channel: 'youtube', rutube_video: 'rutube', rss: 'rss', html: 'html', replay: 'replay',
};

export const Platforms = z.object({
  vk: VkPlatform.prefault({}).describe('VK API'),
  ok: OkPlatform.prefault({}).describe('Odnoklassniki API'),
  telegram: TelegramPlatform.prefault({}).describe('t.me web preview'),
  youtube: YoutubePlatform.prefault({}).describe('YouTube Data API v3'),
  rutube: RutubePlatform.prefault({}).describe('RuTube (experimental)'),
}).strict();
export type Platforms = z.infer<typeof Platforms>;

export const HttpSettings = z.object({
  timeoutMs: z.number().int().min(100).max(300_000).default(15_000).describe('Give up on a request after this long'),
  maxPerHost: z.number().int().min(1).max(32).default(2).describe('Requests in flight per host at most'),
  maxAttempts: z.number().int().min(1).max(10).default(3).describe('Attempts per request on timeouts, network errors, HTTP 429 and 5xx'),
  retryBaseMs: z.number().int().min(1).default(500).describe('First retry delay (doubles, with jitter)'),
  retryMaxMs: z.number().int().min(1).default(30_000).describe('Longest retry delay'),
  userAgent: z.string().default('cur-monitor-collector/0.1 (+https://github.com/)').describe('User-Agent header'),
  maxResponseBytes: z.number().int().min(1024).max(256 * 1024 * 1024).default(5 * 1024 * 1024)
    .describe('Largest answer body read, in bytes after decompression; a bigger one fails the request with RESPONSE_TOO_LARGE'),
}).strict();
export type HttpSettings = z.infer<typeof HttpSettings>;

export const CircuitSettings = z.object({
  failureThreshold: z.number().int().min(1).default(3).describe('Consecutive failed polls that open a source circuit'),
  openSec: z.number().int().min(1).default(300).describe('First rest of an open circuit'),
  maxOpenSec: z.number().int().min(1).default(3600).describe('Longest rest (it doubles per opening)'),
}).strict();
export type CircuitSettings = z.infer<typeof CircuitSettings>;

export const SourcesFile = z.object({
  defaults: Defaults.prefault({}).describe('Values for sources that do not set them'),
  platforms: Platforms.prefault({}).describe('Per-platform base URLs and limits'),
  http: HttpSettings.prefault({}).describe('Timeouts, retries, concurrency'),
  circuit: CircuitSettings.prefault({}).describe('When a failing source rests'),
  maxConcurrentPolls: z.number().int().min(1).max(64).default(4).describe('Sources polled at the same time at most'),
  sources: z.array(SourceConfig).default([]).describe('What to watch'),
}).strict().superRefine((file, ctx) => {
  const seen = new Map<string, number>();
  file.sources.forEach((s, i) => {
    const first = seen.get(s.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['sources', i, 'id'], message: `duplicate id "${s.id}" (also sources.${first}.id)` });
    else seen.set(s.id, i);
  });
});
export type SourcesFile = z.infer<typeof SourcesFile>;
export type SourcesFileInput = z.input<typeof SourcesFile>;

/** Reads and validates a YAML/JSON sources file; throws ConfigError naming every bad key. */
export function loadSourcesFile(path: string): SourcesFile {
  return loadConfigFile(SourcesFile, path);
}

/** Validates sources-file data (already parsed from YAML/JSON). */
export function parseSourcesFile(data: unknown, origin = 'sources'): ReturnType<typeof parseConfig<SourcesFile>> {
  return parseConfig(SourcesFile, data, origin);
}
