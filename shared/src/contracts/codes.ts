// Closed code lists of the label space (shared/taxonomy/labels.json) and of the regions, as zod enums.
import { z } from 'zod';

export const TopicCode = z.enum([
  'zhkh', 'roads', 'transport', 'health', 'education', 'improvement', 'ecology',
  'social', 'safety', 'economy', 'construction', 'culture_sport', 'other',
]);
export type TopicCode = z.infer<typeof TopicCode>;

export const LocationCode = z.enum([
  'lipetsk_city', 'yelets_city', 'volovsky', 'gryazinsky', 'dankovsky', 'dobrinsky', 'dobrovsky',
  'dolgorukovsky', 'yeletsky', 'zadonsky', 'izmalkovsky', 'krasninsky', 'lebedyansky', 'lev_tolstovsky',
  'lipetsky', 'stanovlyansky', 'terbunsky', 'usmansky', 'khlevensky', 'chaplyginsky', 'unknown',
]);
export type LocationCode = z.infer<typeof LocationCode>;

export const Importance = z.enum(['critical', 'high', 'normal', 'low']);
export type Importance = z.infer<typeof Importance>;

export const AbuseCode = z.enum(['none', 'obscene', 'insult', 'threat']);
export type AbuseCode = z.infer<typeof AbuseCode>;

export const AuthorityCode = z.enum([
  'health_dept', 'education_dept', 'housing_dept', 'housing_inspection', 'roads_dept', 'social_dept',
  'ecology_dept', 'construction_dept', 'culture_dept', 'sport_dept', 'economy_dept', 'labor_dept',
  'civil_defense_dept', 'vet_dept', 'lipetsk_city_admin', 'yelets_city_admin', 'district_admin', 'none',
]);
export type AuthorityCode = z.infer<typeof AuthorityCode>;

export const RegionCode = z.enum(['lipetsk', 'yelets', 'kuzbass', 'udmurtia', 'omsk']);
export type RegionCode = z.infer<typeof RegionCode>;

/** The source families of the evaluation records (dev.jsonl `source`). */
export const SourceFamily = z.enum(['vk', 'ok', 'telegram', 'video', 'web']);
export type SourceFamily = z.infer<typeof SourceFamily>;

/** The platform a collector talks to; finer than SourceFamily. */
export const Platform = z.enum(['vk', 'vk_video', 'ok', 'telegram', 'youtube', 'rutube', 'rss', 'html', 'replay']);
export type Platform = z.infer<typeof Platform>;

/** ISO-8601 instant with an offset or Z. */
export const IsoInstant = z.string().datetime({ offset: true });
