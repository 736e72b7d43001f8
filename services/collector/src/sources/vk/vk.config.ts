// VK sources (community walls with comments, keyword search, video comments) and the VK API settings.
import { z } from 'zod';
import { commonSourceFields } from '../source.config';

export const VkPlatform = z.object({
  baseUrl: z.string().url().default('https://api.vk.com').describe('VK API base URL (api.vk.ru also works); override for a proxy or a test server'),
  apiVersion: z.string().default('5.199').describe('The v parameter sent with every call'),
  requestsPerSec: z.object({
    service: z.number().positive().default(5).describe('Service token: depends on the app audience, 5/s for small apps [P]'),
    user: z.number().positive().default(3).describe('User token: 3/s [P]'),
    community: z.number().positive().default(20).describe('Community token: 20/s [P]'),
  }).strict().prefault({}).describe('Per-token request rate by token kind'),
  dailyCaps: z.record(z.string(), z.number().int().nonnegative()).default({ 'wall.get': 5000, 'newsfeed.search': 1000 })
    .describe('Daily calls per token per method [P]; these methods are paced over the day and shared by their sources'),
  budgetReserveFraction: z.number().min(0).max(0.9).default(0.1).describe('Share of each daily cap never planned for'),
  budgetBurst: z.number().int().nonnegative().default(50).describe('Calls a method may spend ahead of the even daily pace'),
  dayResetUtcOffsetMin: z.number().int().min(-720).max(840).default(180).describe('Where the VK day (caps, error 29) starts, minutes east of UTC [U]'),
  execute: z.enum(['auto', 'off']).default('auto').describe('auto: batch comment calls of several posts into one execute call (up to 25) when the token accepts execute'),
  executeWithServiceToken: z.boolean().default(false).describe('Whether execute is sent with a service token (dev.vk.com says yes, the schema says no [P])'),
  skipRetrySec: z.number().int().positive().default(21_600).describe('After access denied (15/18/30/203/212/801), retry the source this much later'),
}).strict();
export type VkPlatform = z.infer<typeof VkPlatform>;

const Comments = z.object({
  enabled: z.boolean().default(true).describe('Also collect the comments under the posts'),
  windowHours: z.number().positive().default(72).describe('Collect comments of posts younger than this'),
  maxPostsPerPoll: z.number().int().positive().max(200).default(25).describe('Posts whose comments are read in one poll (only posts whose comment count changed)'),
  pageSize: z.number().int().min(1).max(100).default(100).describe('count of wall.getComments'),
  threadItems: z.number().int().min(0).max(10).default(10).describe('thread_items_count: replies returned with each comment'),
}).strict();

export const VkWallSource = z.object({
  type: z.literal('vk_wall').describe('A VK community or user wall, read with wall.get'),
  ...commonSourceFields,
  owner: z.union([z.number().int(), z.string().regex(/^[A-Za-z0-9_.]{2,64}$/)]).describe('owner_id (negative for a community) or the short name (domain)'),
  filter: z.enum(['all', 'owner', 'others']).default('all').describe('wall.get filter'),
  pageSize: z.number().int().min(1).max(100).default(50).describe('count of wall.get (max 100)'),
  maxPages: z.number().int().min(1).max(50).default(5).describe('Pages read per poll at most'),
  comments: Comments.prefault({}).describe('Comments under the wall posts'),
}).strict();
export type VkWallSource = z.infer<typeof VkWallSource>;

export const VkSearchSource = z.object({
  type: z.literal('vk_search').describe('VK keyword search over all public posts (newsfeed.search)'),
  ...commonSourceFields,
  query: z.string().min(1).max(500).describe('The q parameter, e.g. "Елец яма"'),
  pageSize: z.number().int().min(1).max(200).default(200).describe('count of newsfeed.search (max 200)'),
  maxPages: z.number().int().min(1).max(5).default(3).describe('Pages per poll at most (only the first 1000 results are reachable)'),
}).strict();
export type VkSearchSource = z.infer<typeof VkSearchSource>;

export const VkVideoSource = z.object({
  type: z.literal('vk_video').describe('Comments under one VK Video video (video.getComments; needs a user token)'),
  ...commonSourceFields,
  owner: z.number().int().describe('owner_id of the video (negative for a community)'),
  videoId: z.number().int().positive().describe('The number after the underscore in vk.com/video<owner>_<id>'),
  pageSize: z.number().int().min(1).max(100).default(100).describe('count of video.getComments (max 100)'),
  maxPages: z.number().int().min(1).max(20).default(5).describe('Pages per poll at most'),
}).strict();
export type VkVideoSource = z.infer<typeof VkVideoSource>;
