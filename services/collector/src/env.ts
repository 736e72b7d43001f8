// Platform credentials, read from the environment only (never from the sources file), and what each unlocks.
import { z } from 'zod';

export const CollectorEnv = z.object({
  VK_TOKEN: z.string().min(1).optional().describe('VK access token used for wall.get, wall.getComments, newsfeed.search'),
  VK_TOKEN_KIND: z.enum(['service', 'user', 'community']).default('service').describe('Kind of VK_TOKEN: decides its rate and which methods accept it'),
  VK_USER_TOKEN: z.string().min(1).optional().describe('A VK user token: needed for video.getComments, used for execute'),
  OK_APP_KEY: z.string().min(1).optional().describe('OK application_key (public)'),
  OK_APP_SECRET: z.string().min(1).optional().describe('OK application secret key (signs calls)'),
  OK_ACCESS_TOKEN: z.string().min(1).optional().describe('OK access_token'),
  OK_SESSION_SECRET: z.string().min(1).optional().describe('OK session_secret_key; when set it signs calls instead of md5(token + secret)'),
  YOUTUBE_API_KEY: z.string().min(1).optional().describe('YouTube Data API key'),
});
export type CollectorEnv = z.infer<typeof CollectorEnv>;

export type VkTokenKind = 'service' | 'user' | 'community';

export interface Credentials {
  vk: Array<{ kind: VkTokenKind; token: string; label: string }>;
  ok: { applicationKey: string; applicationSecretKey: string; accessToken: string; sessionSecretKey?: string | undefined } | null;
  youtube: { apiKey: string } | null;
}

export const noCredentials: Credentials = { vk: [], ok: null, youtube: null };

/** Credentials from environment variables (blank values count as unset). */
export function credentialsFromEnv(env: Record<string, string | undefined>): Credentials {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const e = CollectorEnv.parse(Object.fromEntries(Object.keys(CollectorEnv.shape).map((k) => [k, blankToUndefined[k]])));
  const vk: Credentials['vk'] = [];
  if (e.VK_TOKEN) vk.push({ kind: e.VK_TOKEN_KIND, token: e.VK_TOKEN, label: `VK_TOKEN (${e.VK_TOKEN_KIND})` });
  if (e.VK_USER_TOKEN) vk.push({ kind: 'user', token: e.VK_USER_TOKEN, label: 'VK_USER_TOKEN (user)' });
  return {
    vk,
    ok: e.OK_APP_KEY && e.OK_APP_SECRET && e.OK_ACCESS_TOKEN
      ? { applicationKey: e.OK_APP_KEY, applicationSecretKey: e.OK_APP_SECRET, accessToken: e.OK_ACCESS_TOKEN, sessionSecretKey: e.OK_SESSION_SECRET }
      : null,
    youtube: e.YOUTUBE_API_KEY ? { apiKey: e.YOUTUBE_API_KEY } : null,
  };
}
