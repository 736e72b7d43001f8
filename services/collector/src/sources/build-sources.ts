// From a validated sources file and the credentials to ready Sources: one client per platform, a clear
// reason for every source that cannot run (no token, behind a flag), and the hosts they may reach.
import type { Logger } from '@cur/shared/logger';
import { platformOfType, type SourceConfig, type SourcesFile } from '../config';
import type { Credentials } from '../env';
import { hostOf } from './http';
import type { PlatformDeps } from './platform-deps';
import type { Source } from './source';
import { resolveCommon } from './source.config';
import { createVkClient, type VkClient } from './vk/vk-client';
import { createVkSearchSource, createVkVideoSource, createVkWallSource } from './vk/vk';
import { createOkClient, createOkSource, type OkClient } from './ok/ok';
import { createTelegramClient, createTelegramSource, type TelegramClient } from './telegram/telegram';
import { createYoutubeClient, createYoutubeSource, type YoutubeClient } from './youtube/youtube';
import { createRutubeSource } from './rutube/rutube';
import { createWebSource } from './rss/rss';
import { createReplaySource } from './replay/replay';

export interface DisabledSource {
  id: string;
  type: SourceConfig['type'];
  reason: string;
}

/** Every host a configured source may request: the platform base URLs in use and the feed/page URLs. */
export function allowedHostsOf(file: SourcesFile): string[] {
  const hosts = new Set<string>();
  const add = (url: string): void => {
    const h = hostOf(url);
    if (h) hosts.add(h);
  };
  for (const s of file.sources) {
    if (!s.enabled) continue;
    switch (s.type) {
      case 'vk_wall':
      case 'vk_search':
      case 'vk_video':
        add(file.platforms.vk.baseUrl);
        break;
      case 'ok_group':
        add(file.platforms.ok.baseUrl);
        break;
      case 'telegram_channel':
        add(file.platforms.telegram.baseUrl);
        break;
      case 'youtube_video':
      case 'youtube_channel':
        add(file.platforms.youtube.baseUrl);
        break;
      case 'rutube_video':
        add(file.platforms.rutube.baseUrl);
        break;
      case 'rss':
      case 'html':
        add(s.url);
        break;
      case 'replay':
        break;
    }
  }
  return [...hosts];
}

/** Why a source cannot run with these credentials and flags, or null when it can. */
function missing(s: SourceConfig, file: SourcesFile, credentials: Credentials, vk: VkClient | null): string | null {
  switch (s.type) {
    case 'vk_wall':
    case 'vk_search': {
      if (credentials.vk.length === 0) return 'VK_TOKEN is not set';
      const can = vk!.canCall(s.type === 'vk_wall' ? 'wall.get' : 'newsfeed.search');
      return can.ok ? null : can.reason;
    }
    case 'vk_video': {
      if (credentials.vk.length === 0) return 'VK_TOKEN is not set';
      const can = vk!.canCall('video.getComments');
      return can.ok ? null : `${can.reason} (set VK_USER_TOKEN, or VK_TOKEN_KIND=user)`;
    }
    case 'ok_group':
      return credentials.ok ? null : 'OK_APP_KEY, OK_APP_SECRET and OK_ACCESS_TOKEN are not all set';
    case 'youtube_video':
    case 'youtube_channel':
      return credentials.youtube ? null : 'YOUTUBE_API_KEY is not set';
    case 'rutube_video':
      return file.platforms.rutube.enabled ? null : 'the RuTube comments endpoint is only partly confirmed; set platforms.rutube.enabled: true to try it';
    default:
      return null;
  }
}

export function buildSources(file: SourcesFile, credentials: Credentials, deps: PlatformDeps, logger: Logger): { sources: Source[]; disabled: DisabledSource[] } {
  const vk = credentials.vk.length > 0 ? createVkClient(file.platforms.vk, credentials.vk, deps) : null;
  let ok: OkClient | null = null;
  let telegram: TelegramClient | null = null;
  let youtube: YoutubeClient | null = null;
  const sources: Source[] = [];
  const disabled: DisabledSource[] = [];
  for (const s of file.sources) {
    if (!s.enabled) continue;
    const reason = missing(s, file, credentials, vk);
    if (reason) {
      disabled.push({ id: s.id, type: s.type, reason });
      continue;
    }
    const common = resolveCommon(s, file.defaults);
    switch (s.type) {
      case 'vk_wall':
        sources.push(createVkWallSource(s, common, vk!));
        break;
      case 'vk_search':
        sources.push(createVkSearchSource(s, common, vk!));
        break;
      case 'vk_video':
        sources.push(createVkVideoSource(s, common, vk!));
        break;
      case 'ok_group':
        ok ??= createOkClient(file.platforms.ok, credentials.ok!, deps);
        sources.push(createOkSource(s, common, ok, file.platforms.ok));
        break;
      case 'telegram_channel':
        telegram ??= createTelegramClient(file.platforms.telegram, deps);
        sources.push(createTelegramSource(s, common, telegram));
        break;
      case 'youtube_video':
      case 'youtube_channel':
        youtube ??= createYoutubeClient(file.platforms.youtube, credentials.youtube!.apiKey, deps);
        sources.push(createYoutubeSource(s, common, youtube));
        break;
      case 'rutube_video':
        sources.push(createRutubeSource(s, common, file.platforms.rutube, deps));
        break;
      case 'rss':
      case 'html':
        sources.push(createWebSource(s, common, deps));
        break;
      case 'replay':
        sources.push(createReplaySource(s, common));
        break;
    }
  }
  // One line per platform that cannot run, naming what is missing and which sources wait for it.
  const byPlatform = new Map<string, DisabledSource[]>();
  for (const d of disabled) byPlatform.set(platformOfType[d.type], [...(byPlatform.get(platformOfType[d.type]) ?? []), d]);
  for (const [platform, list] of byPlatform) {
    logger.warn({ platform, sources: list.map((d) => d.id) }, `${platform} disabled: ${list[0]!.reason}; ${list.length} source(s) skipped, the others run`);
  }
  return { sources, disabled };
}
