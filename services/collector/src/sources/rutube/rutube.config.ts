// RuTube video comments: the endpoint is only partly confirmed (platforms.md §5), so it is off unless enabled.
import { z } from 'zod';
import { commonSourceFields } from '../source.config';

export const RutubePlatform = z.object({
  enabled: z.boolean().default(false).describe('RuTube comments endpoint is only partly confirmed [P]; set true to try it'),
  baseUrl: z.string().url().default('https://rutube.ru').describe('RuTube base; /api/comments/video/<id>/ is appended'),
  requestsPerSec: z.number().positive().default(1).describe('Request rate'),
}).strict();
export type RutubePlatform = z.infer<typeof RutubePlatform>;

export const RutubeVideoSource = z.object({
  type: z.literal('rutube_video').describe('Comments under one RuTube video (experimental)'),
  ...commonSourceFields,
  videoId: z.string().regex(/^[0-9a-f]{32}$/, 'a 32-hex video id').describe('The id in rutube.ru/video/<id>/'),
  maxPages: z.number().int().min(1).max(20).default(3).describe('Pages per poll at most'),
}).strict();
export type RutubeVideoSource = z.infer<typeof RutubeVideoSource>;
