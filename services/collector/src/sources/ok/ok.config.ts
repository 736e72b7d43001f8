// Odnoklassniki group sources (mediatopic.getTopics + discussions.getComments) and the OK API settings.
import { z } from 'zod';
import { commonSourceFields } from '../source.config';

export const OkPlatform = z.object({
  baseUrl: z.string().url().default('https://api.ok.ru').describe('OK API base (api_server); fb.do is appended'),
  requestsPerSec: z.number().positive().default(3).describe('Request rate of the one OK token (no published limit [U])'),
  commentTimeZone: z.string().default('Europe/Moscow').describe('Zone of the "YYYY-MM-DD HH:MM:SS" comment dates [U]'),
  skipRetrySec: z.number().int().positive().default(21_600).describe('After access denied, retry the source this much later'),
}).strict();
export type OkPlatform = z.infer<typeof OkPlatform>;

export const OkGroupSource = z.object({
  type: z.literal('ok_group').describe('An OK group feed and the comments under its topics'),
  ...commonSourceFields,
  groupId: z.string().regex(/^\d{5,20}$/, 'the numeric gid').describe('Group id (gid)'),
  pageSize: z.number().int().min(1).max(100).default(20).describe('count of mediatopic.getTopics'),
  maxPages: z.number().int().min(1).max(20).default(5).describe('Pages per poll at most'),
  comments: z.object({
    enabled: z.boolean().default(true).describe('Also collect comments under the topics'),
    windowHours: z.number().positive().default(72).describe('Collect comments of topics younger than this'),
    maxTopicsPerPoll: z.number().int().positive().max(100).default(20).describe('Topics whose comments are read in one poll (only those whose comment count changed)'),
    pageSize: z.number().int().min(1).max(100).default(100).describe('count of discussions.getComments'),
  }).strict().prefault({}).describe('Comments under the topics'),
}).strict();
export type OkGroupSource = z.infer<typeof OkGroupSource>;
