// A regulation profile: one region's act as data — the term of every stage, what opens and stops its clock.
import { z } from 'zod';
import { Importance, RegionCode, StageCode } from '@cur/shared/contracts/index';

export const TermUnit = z.enum(['wm', 'wh', 'wd']);
export type TermUnit = z.infer<typeof TermUnit>;

/** A plain term: N working minutes, hours or days from the clock's start. */
export const FixedTerm = z.object({
  amount: z.number().positive().describe('size of the term in `unit`'),
  unit: TermUnit.describe('wm = working minutes, wh = working hours, wd = working days'),
}).strict();

/** A relative term (convention 4): no later than `amount` `unit` before another stage's deadline. */
export const RelativeTerm = z.object({
  before: StageCode.describe('the stage whose deadline this one is counted back from, e.g. "answer"'),
  amount: z.number().nonnegative(),
  unit: z.enum(['wm', 'wh']),
}).strict();

export const Term = z.union([FixedTerm, RelativeTerm]);
export type Term = z.infer<typeof Term>;
export const isRelativeTerm = (term: Term): term is z.infer<typeof RelativeTerm> => 'before' in term;

/**
 * What opens or stops a clock; the lifecycle (core/lifecycle.ts) says which event fires which trigger.
 * detection = created; routing = routed/rerouted; receipt = received, or routing when the profile's receipt is
 * on_routing; return = returned; submission = draft/interim/clarification submitted; approval; rework_request;
 * publication = any answer published; interim_publication / final_publication; contribution = a co-executor's
 * contribution (stops only that co-executor's clock).
 */
export const Trigger = z.enum([
  'detection', 'routing', 'receipt', 'return', 'submission', 'approval', 'rework_request', 'publication',
  'interim_publication', 'final_publication', 'contribution',
]);
export type Trigger = z.infer<typeof Trigger>;

export const StageRule = z.object({
  term: Term.describe('default term'),
  byImportance: z.partialRecord(Importance, Term).default({}).describe('terms for some importance categories'),
  opensOn: z.array(Trigger).min(1).describe('triggers that start the clock (at the event time)'),
  stopsOn: z.array(Trigger).min(1).describe('triggers that stop it; "closed" always stops every clock'),
  wallClock: z.boolean().default(false).describe('count plain minutes instead of working time (convention 5)'),
  kind: z.enum(['duty', 'window']).default('duty')
    .describe('window: a limit on an optional action (a return); when it lapses unused it closes as met, no alert'),
  perCoExecutor: z.boolean().default(false).describe('one clock per co-executor (contribution)'),
  clause: z.string().default('').describe('where the act sets this term'),
}).strict();
export type StageRule = z.infer<typeof StageRule>;

export const RegulationProfile = z.object({
  region: RegionCode.describe('region code; the file is named after it'),
  act: z.string().describe('the regional act this profile implements'),
  officeHours: z.string().describe('key of regions.json whose zone and office_hours apply'),
  receipt: z.enum(['on_routing', 'explicit']).default('on_routing')
    .describe('on_routing: the executor receives the post when it is routed (automated receipt); explicit: a `received` event'),
  stages: z.partialRecord(StageCode, StageRule).describe('a stage absent here does not exist in the region ("—")'),
  notes: z.array(z.string()).default([]).describe('readings of the act worth knowing'),
}).strict().superRefine((profile, ctx) => {
  for (const [stage, rule] of Object.entries(profile.stages)) {
    if (!rule) continue;
    for (const term of [rule.term, ...Object.values(rule.byImportance)]) {
      if (term && isRelativeTerm(term) && !profile.stages[term.before]) {
        ctx.addIssue({ code: 'custom', path: ['stages', stage, 'term', 'before'], message: `refers to stage "${term.before}", which this profile lacks` });
      }
      if (term && isRelativeTerm(term) && term.before === stage) {
        ctx.addIssue({ code: 'custom', path: ['stages', stage, 'term', 'before'], message: 'a term cannot be relative to itself' });
      }
    }
  }
});
export type RegulationProfile = z.infer<typeof RegulationProfile>;

/** The term of a stage for an importance, or null when the stage does not exist in the region. */
export function termFor(profile: RegulationProfile, stage: StageCode, importance: Importance): Term | null {
  const rule = profile.stages[stage];
  if (!rule) return null;
  return rule.byImportance[importance] ?? rule.term;
}
