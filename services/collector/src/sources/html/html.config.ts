// HTML pages read with per-site CSS selectors (a city portal's news list, a forum page).
import { z } from 'zod';
import { SourceFamily } from '@cur/shared/contracts/index';
import { commonSourceFields } from '../source.config';

export const HtmlSelectors = z.object({
  item: z.string().min(1).describe('Selector of one post on the page; zero matches is SHAPE_CHANGED'),
  text: z.string().min(1).describe('Selector (inside an item) of the text'),
  title: z.string().optional().describe('Selector of a title, put before the text'),
  link: z.string().optional().describe('Selector of the link to the original (its href); never fetched'),
  date: z.string().optional().describe('Selector of the publication time'),
  dateAttr: z.string().optional().describe('Attribute holding the time (e.g. datetime); default: the element text'),
  author: z.string().optional().describe('Selector of the author name'),
  id: z.string().optional().describe('Attribute of the item holding a stable id (e.g. data-id); default: the link or a hash of the text'),
}).strict();

export const HtmlSource = z.object({
  type: z.literal('html').describe('An HTML page read with CSS selectors; its host becomes an allowed host'),
  ...commonSourceFields,
  url: z.string().url().describe('Page URL'),
  selectors: HtmlSelectors.describe('Where the posts are on the page'),
  dateFormat: z.string().optional().describe('Luxon format of the time text, e.g. dd.MM.yyyy HH:mm; default: ISO 8601'),
  timeZone: z.string().default('Europe/Moscow').describe('Zone of times written without an offset'),
  family: SourceFamily.default('web').describe('Source family of its posts'),
}).strict();
export type HtmlSource = z.infer<typeof HtmlSource>;
