// YouTube comment sources (commentThreads.list) and the Data API quota settings.
import { z } from 'zod';
import { commonSourceFields } from '../source.config';

export const YoutubePlatform = z.object({
  baseUrl: z.string().url().default('https://www.googleapis.com').describe('Data API base; /youtube/v3/commentThreads is appended'),
  dailyQuotaUnits: z.number().int().nonnegative().default(10_000).describe('Project quota in units per day [U]; commentThreads.list costs 1'),
  budgetReserveFraction: z.number().min(0).max(0.9).default(0.1).describe('Share of the quota never planned for'),
  budgetBurst: z.number().int().nonnegative().default(100).describe('Units that may be spent ahead of the even daily pace'),
  dayResetUtcOffsetMin: z.number().int().min(-720).max(840).default(-480).describe('Quota day start, minutes east of UTC (Pacific midnight) [U]'),
}).strict();
export type YoutubePlatform = z.infer<typeof YoutubePlatform>;

const youtubeFields = {
  pageSize: z.number().int().min(1).max(100).default(100).describe('maxResults (1..100)'),
  maxPages: z.number().int().min(1).max(50).default(5).describe('Pages (1 quota unit each) per poll at most'),
};

export const YoutubeVideoSource = z.object({
  type: z.literal('youtube_video').describe('Comment threads of one video'),
  ...commonSourceFields,
  videoId: z.string().regex(/^[A-Za-z0-9_-]{11}$/, 'an 11-character video id').describe('The v= of the watch URL'),
  ...youtubeFields,
}).strict();
export type YoutubeVideoSource = z.infer<typeof YoutubeVideoSource>;

export const YoutubeChannelSource = z.object({
  type: z.literal('youtube_channel').describe('Comment threads of every video of a channel (allThreadsRelatedToChannelId)'),
  ...commonSourceFields,
  channelId: z.string().regex(/^UC[A-Za-z0-9_-]{22}$/, 'a UC… channel id').describe('Channel id'),
  ...youtubeFields,
}).strict();
export type YoutubeChannelSource = z.infer<typeof YoutubeChannelSource>;
