// RSS 2.0 and Atom feeds of news sites.
import { z } from 'zod';
import { SourceFamily } from '@cur/shared/contracts/index';
import { commonSourceFields } from '../source.config';

export const RssSource = z.object({
  type: z.literal('rss').describe('An RSS 2.0 or Atom feed; its host becomes an allowed host'),
  ...commonSourceFields,
  url: z.string().url().describe('Feed URL'),
  family: SourceFamily.default('web').describe('Source family of its posts'),
}).strict();
export type RssSource = z.infer<typeof RssSource>;
